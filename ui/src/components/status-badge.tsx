// An HTTP status with its class's colour.
import { statusClassOf } from '../state/status-class.js';

export function StatusBadge({ status }: { status: number }) {
  return <span class={`status status-${statusClassOf(status) || 'other'}`}>{status}</span>;
}
