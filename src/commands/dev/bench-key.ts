// The `b` key of the `neosl dev` dashboard: a bench of the chosen function against the running
// emulator, with the bench dashboard in its place, the summary, then back on a key press.
import { EventEmitter } from 'node:events';
import type { BenchEventMap } from '../../bench/events.js';
import { DEFAULT_WARMUP_SEC, planFor } from '../../bench/plan.js';
import { formatSummary } from '../../bench/report.js';
import { startBenchJob } from '../../bench/run-job.js';
import { benchTarget } from '../../bench/target.js';
import { loadConfig } from '../../config/load.js';
import { isUserError } from '../../errors.js';
import type { Output } from '../../output/output.js';
import { importUi } from '../../ui/import-ui.js';

export interface BenchKeyOptions {
  functionName: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The running emulator, e.g. http://127.0.0.1:8700 */
  emulatorUrl: string;
  out: Output;
  /** Called with the way to stop the load while it runs (Ctrl-C), then with undefined. */
  onStoppable(stop: (() => void) | undefined): void;
  stdin?: NodeJS.ReadStream;
}

function pressAnyKey(stdin: NodeJS.ReadStream): Promise<void> {
  if (!stdin.isTTY) return Promise.resolve();
  return new Promise((resolve) => {
    stdin.setRawMode(true);
    stdin.resume();
    stdin.once('data', () => {
      stdin.setRawMode(false);
      stdin.pause();
      resolve();
    });
  });
}

export async function benchFromDashboard(options: BenchKeyOptions): Promise<void> {
  const { out, functionName } = options;
  const base = options.emulatorUrl.replace(/\/$/, '');
  try {
    const loaded = await loadConfig({ cwd: options.cwd, env: options.env });
    const fn = loaded.config.functions[functionName];
    if (fn === undefined) throw new Error(`"${functionName}" is no longer in neosl.yaml`);
    const target = benchTarget(fn, fn.bench.method);
    const plan = planFor(fn, { warmupSec: DEFAULT_WARMUP_SEC }, `${base}${target.path}`, target.method, undefined);
    const events = new EventEmitter<BenchEventMap>();
    const ui = await importUi(() => import('../../ui/bench-dashboard.js'));
    const dashboard = ui.renderBenchDashboard(events);
    const running = startBenchJob({ name: functionName, plan, serverBase: base }, events);
    options.onStoppable(running.stop);
    try {
      const result = await running.result;
      await dashboard.waitUntilExit();
      out.result(`\n${formatSummary(result, out.colors)}`);
    } catch (error) {
      dashboard.unmount();
      throw error;
    } finally {
      options.onStoppable(undefined);
    }
  } catch (error) {
    out.info(out.colors.red(`bench ${functionName}: ${isUserError(error) || error instanceof Error ? error.message : String(error)}`));
  }
  out.info(out.colors.dim('Press any key to return to the dashboard.'));
  await pressAnyKey(options.stdin ?? process.stdin);
}
