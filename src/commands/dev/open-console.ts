// The dashboard's `o` key: opens the web console in the system's browser with the platform's opener
// (open on macOS, start on Windows, xdg-open elsewhere), detached so that it outlives nothing and
// holds nothing of neosl. Never on CI (there is no one to look); when no opener works, says where
// the console is instead.
import { spawn } from 'node:child_process';

export type OpenOutcome = { opened: true } | { opened: false; reason: string };

export interface OpenConsoleOptions {
  url: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** For tests: what to run instead of spawn. */
  spawner?: typeof spawn;
  /** How long to wait for the opener to fail before taking it as working (default 2 s). */
  settleMs?: number;
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function openerCommand(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; its first quoted argument is a window title.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]];
  return ['xdg-open', [url]];
}

export function openConsole(options: OpenConsoleOptions): Promise<OpenOutcome> {
  if (isCi(options.env)) return Promise.resolve({ opened: false, reason: 'not opening a browser on CI' });
  const [command, args] = openerCommand(options.platform ?? process.platform, options.url);
  return new Promise((resolveOpen) => {
    let settled = false;
    const settle = (outcome: OpenOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveOpen(outcome);
    };
    const timer = setTimeout(() => settle({ opened: true }), options.settleMs ?? 2000);
    timer.unref();
    let child;
    try {
      child = (options.spawner ?? spawn)(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    } catch (error) {
      settle({ opened: false, reason: `${command} could not run: ${(error as Error).message}` });
      return;
    }
    child.once('error', (error: NodeJS.ErrnoException) => settle({ opened: false, reason: error.code === 'ENOENT' ? `${command} is not installed` : `${command} failed: ${error.message}` }));
    child.once('exit', (code) => settle(code === 0 || code === null ? { opened: true } : { opened: false, reason: `${command} exited with code ${code} (no browser found?)` }));
    child.unref();
  });
}
