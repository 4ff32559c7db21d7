// What a bench run sends, and where: the function's first plain http trigger (a NeoHttpFunction gets
// a real request), else its POST /functions/<name> route with the data as its input.
import type { FunctionConfig, HttpMethod } from '../config/types.js';
import { UsageError } from '../errors.js';

export interface BenchTarget {
  method: HttpMethod;
  path: string;
}

export function benchTarget(fn: FunctionConfig, method: HttpMethod | undefined): BenchTarget {
  const routes = fn.triggers.flatMap((trigger) => (trigger.kind === 'http' && trigger.path !== `/functions/${fn.name}` ? [trigger] : []));
  if (routes.length === 0) return { method: method ?? 'POST', path: `/functions/${fn.name}` };
  const candidates = method ? routes.filter((route) => route.method === method) : routes;
  const plain = candidates.find((route) => !route.path.includes('/:'));
  if (plain) return { method: plain.method, path: plain.path };
  const shown = routes.map((route) => `${route.method} ${route.path}`).join(', ');
  throw new UsageError(`function "${fn.name}" has no ${method ? `${method} ` : ''}route without parameters to bench (its routes: ${shown})`, {
    code: 'NO_BENCH_ROUTE',
    hint: `Give the full URL: neosl bench ${fn.name} --url http://127.0.0.1:8700/<a real path>`,
  });
}
