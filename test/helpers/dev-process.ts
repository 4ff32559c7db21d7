// `neosl dev` as a user runs it (no TTY, --no-dashboard, --port 0), for the e2e tests: started on a
// project until "Ready on", with its output collected; killed when the tests end.
import type { ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from './temp-dir.js';
import { readyUrl, startNeosl } from './neosl-process.js';

export const devFixture = fileURLToPath(new URL('../fixtures/dev-project', import.meta.url));

export interface Dev {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

export const children = new Set<ChildProcess>();

export function copyFixture(fixture = devFixture): string {
  const project = join(makeTempDir('neosl-dev-'), 'app');
  cpSync(fixture, project, { recursive: true });
  return project;
}

export async function startDev(cwd: string, args: string[] = []): Promise<Dev> {
  const dev = startNeosl(['dev', '--no-dashboard', '--port', '0', ...args], { cwd, running: children });
  return { ...dev, url: await readyUrl(dev, 'neosl dev') };
}

export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const post = (url: string, body?: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(url, { method: 'POST', headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

export const errorOf = async (answer: Response) => ((await answer.json()) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;

/** Kills what is still running (afterAll). */
export function killDevProcesses(): void {
  for (const child of children) child.kill('SIGKILL');
}
