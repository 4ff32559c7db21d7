// A captured request or response body: at most 64 KiB shown, with "show all" when the host kept
// less than the whole (the parent fetches ?full=1, both bodies at once: only one of two cut bodies
// carries the button, so that the page has one "show all").
import { formatBytes, previewBody } from '../state/body-preview.js';
import type { CapturedBody } from '../state/host-types.js';

interface BodyViewProps {
  title: string;
  body: CapturedBody;
  full: boolean;
  loadingFull: boolean;
  /** Absent: the other body carries the button. */
  onShowAll?: () => void;
}

export function BodyView({ title, body, full, loadingFull, onShowAll }: BodyViewProps) {
  const preview = previewBody(body, full);
  return (
    <section class="body-view">
      <h3>
        {title} <span class="muted">{formatBytes(preview.bytes)}</span>
      </h3>
      {preview.text === '' ? <p class="muted">(empty)</p> : <pre class="code">{preview.text}</pre>}
      {preview.truncated ? (
        <p class="truncated">
          Showing the first {formatBytes(preview.text.length)} of {formatBytes(preview.bytes)}
          {preview.canShowAll ? '. ' : ': the host keeps no more of it.'}
          {onShowAll && preview.canShowAll ? (
            <button type="button" data-testid="show-all" onClick={onShowAll} disabled={loadingFull}>
              {loadingFull ? 'loading…' : 'show all'}
            </button>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
