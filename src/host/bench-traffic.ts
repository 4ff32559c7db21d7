// Every request a bench run sends carries this header, so that a `neosl dev` it loads (the dashboard's
// `b` key, or `neosl bench --url` pointed at a running emulator) counts that traffic apart from the
// session's own: a load test must not become the p50/p99 and request count a developer reads.
import type { IncomingHttpHeaders } from 'node:http';

export const BENCH_HEADER = 'x-neosl-bench';

/** The header and its value, as the load generator sends it. */
export const BENCH_HEADERS: Readonly<Record<string, string>> = Object.freeze({ [BENCH_HEADER]: '1' });

/** Whether a request came from `neosl bench` (the server side of the mark). */
export function isBenchRequest(headers: IncomingHttpHeaders): boolean {
  return headers[BENCH_HEADER] !== undefined;
}
