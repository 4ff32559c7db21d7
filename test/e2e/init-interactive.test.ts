// `neosl init` with nothing given, on a real pseudo-terminal (util-linux `script`): it asks for the
// folder and the template, then scaffolds as with flags; Ctrl-C at a question writes nothing. npm
// install is skipped by a fake npm (test/helpers/fake-npm.ts): what matters here is the dialogue.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathWithFakeNpmInstall } from '../helpers/fake-npm.js';
import { neoslBin } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

function onTerminal(cwd: string, log: string) {
  const command = `stty cols 120 rows 40; exec '${process.execPath}' '${neoslBin}' init`;
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...env } = process.env;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd,
    env: { ...env, NO_COLOR: '1', TERM: 'xterm', PATH: pathWithFakeNpmInstall(makeTempDir(), log) },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const waitFor = async (text: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!plain(output).includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}:\n${plain(output).slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, waitFor, output: () => plain(output) };
}

describe('interactive neosl init', () => {
  it('asks for the folder and the template, then scaffolds and installs', async () => {
    const parent = makeTempDir();
    const log = join(makeTempDir(), 'npm.log');
    const session = onTerminal(parent, log);
    try {
      await session.waitFor('? Project folder (my-app): ');
      session.child.stdin.write('shop\r');
      await session.waitFor('(4, hello): ');
      expect(session.output()).toMatch(/\? Template:\n\s+1\) blockchain\s+Neo N3 reads/);
      expect(session.output()).toMatch(/5\) http-api\s+An HTTP API/);
      session.child.stdin.write('5\r');
      expect(await session.exited, session.output()).toBe(0);
    } finally {
      session.child.kill('SIGKILL');
    }
    expect(session.output()).toContain('created shop in shop from the "http-api" template (function "items")');
    expect(session.output()).toMatch(/Next steps:\n\s+cd shop\n\s+npm test\n\s+npx neosl invoke items\n\s+npx neosl dev/);
    expect(existsSync(join(parent, 'shop', 'functions', 'items', 'index.ts'))).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/shop: npm install/);
  }, 60_000);

  it('writes nothing when Ctrl-C is pressed at a question', async () => {
    const parent = makeTempDir();
    const session = onTerminal(parent, join(makeTempDir(), 'npm.log'));
    try {
      await session.waitFor('? Project folder (my-app): ');
      session.child.stdin.write('\u0003');
      expect(await session.exited).toBe(1);
    } finally {
      session.child.kill('SIGKILL');
    }
    expect(session.output()).toContain('neosl init was cancelled; nothing was written');
    expect(readdirSync(parent)).toEqual([]);
  }, 60_000);
});
