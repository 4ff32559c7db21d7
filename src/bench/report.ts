// How a bench run reads without a dashboard: a line a second, the summary table at the end, and the
// table of what regressed against a baseline.
import Table from 'cli-table3';
import type { Colors } from '../output/colors.js';
import type { LoadTick } from './events.js';
import type { Regression } from './baseline.js';
import type { BenchResult } from './result.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function formatStatusCodes(codes: Record<string, number>, colors: Colors): string {
  const entries = Object.entries(codes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '-';
  return entries
    .map(([code, count]) => {
      const text = `${code} × ${integer.format(count)}`;
      return code.startsWith('2') ? colors.green(text) : code.startsWith('4') ? colors.yellow(text) : colors.red(text);
    })
    .join(', ');
}

/** One line per second of load (no TTY). */
export function formatTickLine(tick: LoadTick, colors: Colors): string {
  const phase = tick.phase === 'warmup' ? colors.dim(`warm-up ${tick.second}s`) : `${String(tick.second).padStart(3)}s`;
  const failures = tick.non2xx + tick.errors;
  const failed = failures > 0 ? colors.red(`  failed ${integer.format(failures)}`) : '';
  return `${phase}  ${integer.format(tick.requests).padStart(7)} req/s  p50 ${formatMs(tick.latency.p50)}  p99 ${formatMs(tick.latency.p99)}  max ${formatMs(tick.latency.max)}${failed}`;
}

function table(colors: Colors): Table.Table {
  return new Table({ style: { head: [], border: [], compact: true }, colAligns: ['left', 'right'] }) as Table.Table;
}

export function formatSummary(result: BenchResult, colors: Colors): string {
  const rows = table(colors);
  // What was measured: the warm-up's load is not in the numbers (a standalone autocannon run of the
  // same length has no warm-up, so its cold first second lowers its req/s).
  const warmup = result.warmupSec > 0 ? ` after a ${result.warmupSec} s warm-up (not counted)` : ', no warm-up';
  const title = `${result.function}  ${result.method} ${result.url}  ${result.connections} connections, ${result.durationSec.toFixed(1)} s${warmup}${result.rate !== null ? `, ${result.rate} req/s asked` : ''}${result.interrupted ? colors.yellow('  (stopped early)') : ''}`;
  rows.push(
    [colors.bold('requests/s'), colors.bold(integer.format(result.requests.average))],
    ['requests', integer.format(result.requests.total)],
    ['latency p50', formatMs(result.latency.p50)],
    ['latency p90', formatMs(result.latency.p90)],
    ['latency p99', colors.bold(formatMs(result.latency.p99))],
    ['latency max', formatMs(result.latency.max)],
    ['status codes', formatStatusCodes(result.statusCodes, colors)],
    ['errors (timeouts)', `${integer.format(result.errors)} (${integer.format(result.timeouts)})`],
  );
  const server = result.server;
  if (server) {
    rows.push(
      [colors.dim('server: instances'), String(server.instances)],
      [colors.dim('server: cold starts'), integer.format(server.coldStarts)],
      [colors.dim('server: p50 / p99'), `${formatMs(server.p50)} / ${formatMs(server.p99)}`],
      [colors.dim('server: cache hit rate'), server.cacheHitRate === null ? '-' : `${(server.cacheHitRate * 100).toFixed(1)}%`],
      [colors.dim('server: memory (RSS)'), `${Math.round(server.rssBytes / 2 ** 20)} MB`],
    );
    for (const [name, value] of Object.entries(server.metrics).sort(([a], [b]) => a.localeCompare(b)).slice(0, 10)) {
      rows.push([colors.dim(`metric: ${name}`), integer.format(value)]);
    }
  }
  const lines = [title, rows.toString()];
  if (result.firstError) lines.push(colors.red(`first error: ${result.firstError.status} ${result.firstError.body}`));
  return lines.join('\n');
}

export function formatRegressions(rows: Regression[], maxRegressionPercent: number, colors: Colors): string {
  const out = new Table({
    head: ['function', 'metric', 'baseline', 'now', 'change', `limit ${maxRegressionPercent}%`].map((cell) => colors.bold(cell)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'left'],
  });
  for (const row of rows) {
    const value = (number: number) => (row.metric === 'requests/s' ? integer.format(number) : formatMs(number));
    const change = `${row.changePercent >= 0 ? '+' : ''}${Number.isFinite(row.changePercent) ? row.changePercent.toFixed(1) : '∞'}%`;
    out.push([row.function, row.metric, value(row.baseline), value(row.now), row.regressed ? colors.red(change) : change, row.regressed ? colors.red('regressed') : colors.green('ok')]);
  }
  return out.toString();
}
