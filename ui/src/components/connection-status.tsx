// Whether the live events stream is connected; a warning banner while it reconnects.
import type { ConnectionStatus as Status } from '../state/console-store.js';

const TEXT: Record<Status, string> = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' };

export function ConnectionStatus({ status }: { status: Status }) {
  return (
    <div data-testid="connection-status" class={`connection connection-${status}`} role="status" aria-live="polite">
      <span class="dot" aria-hidden="true" />
      {TEXT[status]}
    </div>
  );
}
