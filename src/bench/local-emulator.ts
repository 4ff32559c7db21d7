// The project's emulator for a bench run: `neosl dev` in this process, with no output of its own,
// on a free loopback port. A function to bench that did not build (or start) is an error here,
// with the build's located diagnostics, before any load is sent.
import { EventEmitter } from 'node:events';
import type { BuildEvent, HostEventMap } from '../host/events.js';
import { startDevSession } from '../dev/session.js';
import { buildFailureHeadline } from '../dev/build-failure-text.js';
import { UserError } from '../errors.js';

export interface LocalEmulator {
  url: string;
  close(): Promise<void>;
}

export async function startLocalEmulator(options: { cwd: string; env: NodeJS.ProcessEnv; persistTo: string; functions: string[] }): Promise<LocalEmulator> {
  const events = new EventEmitter<HostEventMap>();
  const failures = new Map<string, BuildEvent>();
  const startFailures = new Map<string, string>();
  events.on('build', (event) => {
    if (event.status === 'failure') failures.set(event.functionName, event);
    else if (event.status === 'success') failures.delete(event.functionName);
  });
  events.on('error', (event) => {
    if (event.functionName !== undefined && event.code !== 'BUILD_FAILED') startFailures.set(event.functionName, event.message);
  });
  const session = await startDevSession({ cwd: options.cwd, env: options.env, port: 0, host: '127.0.0.1', persistTo: options.persistTo, events });
  for (const name of options.functions) {
    const failure = failures.get(name);
    const startFailure = startFailures.get(name);
    if (failure === undefined && startFailure === undefined) continue;
    await session.close();
    if (failure) {
      throw new UserError(`cannot bench ${buildFailureHeadline(name, failure.message, failure.diagnostics)}`, { code: 'BUILD_FAILED', diagnostics: failure.diagnostics ?? [] });
    }
    throw new UserError(`cannot bench "${name}": ${startFailure}`, { code: 'START_FAILED' });
  }
  return { url: session.url.replace(/\/$/, ''), close: () => session.close() };
}
