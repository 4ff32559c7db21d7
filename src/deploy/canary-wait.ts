// `neosl deploy --canary P --watch D`: follows the host's canary until it promotes or rolls it back
// by itself, reporting its figures now and then; a host that has not decided a minute after the
// window closed is an error, and a host briefly out of reach is waited for, not given up on.
import { isUserError, UserError } from '../errors.js';
import type { Canary } from '../host/api-types.js';
import { fetchVersionList } from '../commands/versions.js';
import type { HostClient } from './host-client.js';

export interface CanaryVerdict {
  state: 'promoted' | 'rolled-back';
  /** The version active after the verdict: the canary's when promoted, the stable one's otherwise. */
  active: string;
  /** Why, as the host says it. */
  reason?: string;
  /** Its final state and figures (null when the host no longer has it). */
  canary: Canary | null;
}

export interface CanaryWaitOptions {
  /** The canary's version id. */
  version: string;
  /** The stable version, active until the verdict. */
  stable: string;
  watchMs: number;
  /** Between two looks (default 2 s). */
  pollMs?: number;
  /** Between two progress reports (default 10 s). */
  progressEveryMs?: number;
  /** How long past the window the host has to decide (default 60 s). */
  graceMs?: number;
  onProgress?: (canary: Canary) => void;
  /** The host did not answer; the wait goes on (said once per outage). */
  onUnreachable?: (error: UserError) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const TRANSIENT = new Set(['HOST_UNREACHABLE']);

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The verdict when the host no longer shows this canary: whichever version is active tells it. */
async function verdictFromActive(client: HostClient, options: CanaryWaitOptions): Promise<CanaryVerdict | undefined> {
  const list = await fetchVersionList(client);
  if (list.active === options.version) return { state: 'promoted', active: options.version, reason: `${options.version} is active`, canary: null };
  if (list.canary?.version === options.version && list.canary.state === 'running') return undefined;
  return { state: 'rolled-back', active: list.active ?? options.stable, reason: `the canary ended and ${list.active ?? 'no version'} is active`, canary: null };
}

/** Polls GET /_neosl/canary until the host decides; a CANARY_UNDECIDED error when it does not in time. */
export async function waitForCanary(client: HostClient, options: CanaryWaitOptions): Promise<CanaryVerdict> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 2000;
  const progressEveryMs = options.progressEveryMs ?? 10_000;
  const deadline = now() + options.watchMs + (options.graceMs ?? 60_000);
  let lastProgress = now();
  let unreachable: UserError | undefined;

  for (;;) {
    try {
      const { canary } = await client.request<{ canary: Canary | null }>('GET', '/_neosl/canary');
      unreachable = undefined;
      if (canary === null || canary === undefined || canary.version !== options.version) {
        const verdict = await verdictFromActive(client, options);
        if (verdict !== undefined) return verdict;
      } else if (canary.state !== 'running') {
        return { state: canary.state, active: canary.state === 'promoted' ? canary.version : canary.stable, ...(canary.reason !== undefined ? { reason: canary.reason } : {}), canary };
      } else if (now() - lastProgress >= progressEveryMs) {
        lastProgress = now();
        options.onProgress?.(canary);
      }
    } catch (error) {
      if (!isUserError(error) || !TRANSIENT.has(error.code)) throw error;
      if (unreachable === undefined) options.onUnreachable?.(error);
      unreachable = error;
    }
    if (now() >= deadline && unreachable !== undefined) {
      throw new UserError(`the host stayed out of reach while canary ${options.version} ran, so its verdict is unknown: ${unreachable.message}`, {
        code: unreachable.code,
        hint: '"neosl versions" shows which version is active once the host answers again',
      });
    }
    if (now() >= deadline) {
      const graceSeconds = Math.round((options.graceMs ?? 60_000) / 1000);
      throw new UserError(`the host did not decide canary ${options.version} within its watch window and ${graceSeconds} s more`, {
        code: 'CANARY_UNDECIDED',
        hint: `it may still take part of the traffic: "neosl versions" shows it; end it on the host with POST /_neosl/canary/promote or /abort`,
      });
    }
    await sleep(pollMs);
  }
}
