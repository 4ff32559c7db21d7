// The README's tour, run top to bottom as one bash script, as a new user would paste it: `neosl` on
// the PATH is this checkout's bin/neosl.js, the folder is empty, and every line must succeed
// (`set -e -o pipefail`). A tour line that stops working fails this test, so the README cannot drift.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { localPrebuildEnv } from '../helpers/native-prebuilds.js';
import { projectEnv } from '../helpers/project-env.js';
import { neoslBin, repoRoot } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

/** The first ```sh block after the "A tour of the commands" heading. */
function tourScript(readme: string): string {
  const section = readme.slice(readme.indexOf('## A tour of the commands'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no ```sh block under "## A tour of the commands"');
  return block[1]!;
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // -x echoes each command, so a failure shows which tour line broke.
    const child = spawn('bash', ['-x', '-e', '-o', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the README tour', () => {
  it('runs top to bottom as one script in an empty folder', async () => {
    const script = tourScript(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
    const work = makeTempDir('neosl-tour-');
    const tools = makeTempDir('neosl-tour-tools-');
    const bin = join(tools, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'neosl'), `#!/bin/sh\nexec "${process.execPath}" "${neoslBin}" "$@"\n`);
    chmodSync(join(bin, 'neosl'), 0o755);

    // Whatever the tour leaves running in the background is stopped when the script ends.
    const guarded = `trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${script}`;
    // The shell of a user (see projectEnv), with better-sqlite3's binary handed over instead of compiled.
    const env = projectEnv({ CI: 'true', ...localPrebuildEnv(tools) });
    env.PATH = `${bin}:${env.PATH}`;
    const { code, output } = await runBash(guarded, work, env);
    expect(code, output.slice(-6000)).toBe(0);
  }, 600_000);
});
