// The dashboard's `o` key: the platform's opener, detached; never on CI; a reason when no opener works.
import { EventEmitter } from 'node:events';
import type { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openConsole, openerCommand } from '../../src/commands/dev/open-console.js';

const URL = 'http://127.0.0.1:8787/_neosl/ui';

/** A spawn that records its call and then does what `then` says to the child. */
function fakeSpawn(then: (child: EventEmitter) => void) {
  const calls: { command: string; args: readonly string[]; options: unknown }[] = [];
  const spawner = ((command: string, args: readonly string[], options: unknown) => {
    calls.push({ command, args, options });
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    setImmediate(() => then(child));
    return child;
  }) as unknown as typeof spawn;
  return { calls, spawner };
}

describe('opening the web console', () => {
  it('runs the platform opener detached', async () => {
    const { calls, spawner } = fakeSpawn((child) => child.emit('exit', 0));
    expect(await openConsole({ url: URL, env: {}, platform: 'linux', spawner })).toEqual({ opened: true });
    expect(calls).toMatchObject([{ command: 'xdg-open', args: [URL], options: { detached: true, stdio: 'ignore' } }]);
    expect(openerCommand('darwin', URL)).toEqual(['open', [URL]]);
    expect(openerCommand('win32', `${URL}?a=1&b=2`)).toEqual(['cmd', ['/c', 'start', '""', `${URL}?a=1^&b=2`]]);
  });

  it('never opens a browser on CI', async () => {
    const { calls, spawner } = fakeSpawn((child) => child.emit('exit', 0));
    expect(await openConsole({ url: URL, env: { CI: 'true' }, platform: 'linux', spawner })).toEqual({ opened: false, reason: 'not opening a browser on CI' });
    expect(calls).toEqual([]);
  });

  it('says why when the opener is missing or fails', async () => {
    const missing = fakeSpawn((child) => child.emit('error', Object.assign(new Error('spawn xdg-open ENOENT'), { code: 'ENOENT' })));
    expect(await openConsole({ url: URL, env: {}, platform: 'linux', spawner: missing.spawner })).toEqual({ opened: false, reason: 'xdg-open is not installed' });
    const failing = fakeSpawn((child) => child.emit('exit', 3));
    expect(await openConsole({ url: URL, env: {}, platform: 'linux', spawner: failing.spawner })).toMatchObject({ opened: false, reason: expect.stringContaining('code 3') });
  });
});
