// The README's tour and its deploy walkthrough, each run top to bottom as one bash script, as a new
// user would paste it: `neosl` on the PATH is this checkout's bin/neosl.js, the folder is empty, and
// every line must succeed (`set -e -o pipefail`). A line that stops working fails this test, so the
// README cannot drift.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { localPrebuildEnv } from '../helpers/native-prebuilds.js';
import { projectEnv } from '../helpers/project-env.js';
import { neoslBin, repoRoot } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

/** The first ```sh block after a heading. */
function readmeScript(heading: string): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`README.md has no \`\`\`sh block under "${heading}"`);
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

/** Runs a script in an empty folder with neosl on the PATH and a config folder of its own; resolves with its exit code and output. */
async function runAsUser(script: string): Promise<{ code: number | null; output: string }> {
  const work = makeTempDir('neosl-tour-');
  const tools = makeTempDir('neosl-tour-tools-');
  const bin = join(tools, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'neosl'), `#!/bin/sh\nexec "${process.execPath}" "${neoslBin}" "$@"\n`);
  chmodSync(join(bin, 'neosl'), 0o755);

  // Whatever the script leaves running in the background is stopped when it ends.
  const guarded = `trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${script}`;
  // The shell of a user (see projectEnv), with better-sqlite3's binary handed over instead of compiled;
  // `neosl login` writes into the test's own config folder.
  const env = projectEnv({ CI: 'true', ...localPrebuildEnv(tools), NEOSL_CONFIG_DIR: join(tools, 'config') });
  env.PATH = `${bin}:${env.PATH}`;
  return runBash(guarded, work, env);
}

describe('the README', () => {
  it('tour runs top to bottom as one script in an empty folder', async () => {
    const { code, output } = await runAsUser(readmeScript('## A tour of the commands'));
    expect(code, output.slice(-6000)).toBe(0);
  }, 600_000);

  it('deploy walkthrough runs top to bottom: serve, login, deploy, change, versions, rollback, secrets, logs', async () => {
    const { code, output } = await runAsUser(readmeScript('## Deploying'));
    expect(code, output.slice(-6000)).toBe(0);
    expect(output).toContain('Version: v1');
    expect(output).toContain('Version: v2');
    expect(output).toContain('"message":"Hello, neo!"');
    // The secret's value is never printed back.
    expect(output.replace(/printf %s s3cret/g, '')).not.toContain('s3cret');
  }, 300_000);
});
