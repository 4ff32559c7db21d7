// One line of `neosl doctor`: what was checked, how it went, and what to do about it.

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  message: string;
  /** What to do; present on every warning and failure. */
  fix?: string;
}

/** Longest wait for any one service (a port, Redis, PostgreSQL, a Neo node). */
export const SERVICE_TIMEOUT_MS = 2000;

export const ok = (name: string, message: string): CheckResult => ({ name, status: 'ok', message });
export const warn = (name: string, message: string, fix: string): CheckResult => ({ name, status: 'warn', message, fix });
export const fail = (name: string, message: string, fix: string): CheckResult => ({ name, status: 'fail', message, fix });

/**
 * Runs a check, turning a throw into a failure and a check that outlives `ms` into one: a doctor
 * that hangs on a silent host is no help.
 */
export async function bounded(name: string, ms: number, fix: string, check: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve(fail(name, `no answer within ${ms / 1000} s`, fix)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      check().catch((error: unknown) => fail(name, error instanceof Error ? error.message : String(error), fix)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A network error's reason in words: "connection refused" rather than "connect ECONNREFUSED 127.0.0.1:6379". */
export function networkReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? ((error as { cause?: NodeJS.ErrnoException } | undefined)?.cause?.code);
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listens there)',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (DNS)',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    ECONNRESET: 'the connection was reset',
  };
  if (code !== undefined && reasons[code]) return reasons[code];
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
