// What `neosl serve` adds for a cluster: on a PostgreSQL store (shared by replicas), a coordinator
// that makes schedules and blockchain triggers run once across them; on a folder store, nothing
// (this host runs every trigger, as a single host always did). serve.ts wires it in a few lines:
// the gate into the function host, start() once it listens, the status into health, stop() after
// the host closed.
import type { EventEmitter } from 'node:events';
import type { HostEventMap } from '../../host/events.js';
import type { TriggerGate } from '../../host/schedules.js';
import { isPostgresUrl } from '../store/postgres/postgres-url.js';
import { ClusterCoordinator, type ClusterStatus } from './cluster-coordinator.js';

export interface ServeCluster {
  /** For createFunctionHost's triggerGate. */
  gate: TriggerGate;
  /** Starts taking part (once the host listens: a host that fails to start holds no connection). */
  start(): void;
  /** GET /_neosl/health's `cluster` field: this replica's id and whether it leads. */
  health(): { cluster: ClusterStatus };
  /** Gives up the lead (another replica takes it within seconds) once the host is closed. */
  stop(): Promise<void>;
}

/** A coordinator for a postgres:// store (started by start()), undefined for a folder. */
export function serveCluster(store: string | undefined, events: EventEmitter<HostEventMap>): ServeCluster | undefined {
  if (!isPostgresUrl(store)) return undefined;
  const coordinator = new ClusterCoordinator({ url: store, events });
  return { gate: coordinator, start: () => coordinator.start(), health: () => ({ cluster: coordinator.status() }), stop: () => coordinator.stop() };
}
