// `neosl serve --external-triggers`: schedules and blockchain triggers come from outside (Knative
// PingSources, the trigger dispatcher) as events at POST /_neosl/events/<function>, so this host runs
// none by itself: a TriggerGate that claims no tick and runs no chain trigger.
import type { ScheduledJob, TickClaim, TriggerGate } from '../host/schedules.js';

export function externalTriggerGate(): TriggerGate {
  return {
    track(_jobs: readonly ScheduledJob[]): void {},
    claim(_job: ScheduledJob, _firedAt: Date): Promise<TickClaim | undefined> {
      return Promise.resolve(undefined);
    },
    runsChainTriggers: () => false,
  };
}
