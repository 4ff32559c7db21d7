// The completion scripts in real shells: each parses, and completes commands, options, template
// names and the project's function names (through `neosl __complete`, with `neosl` on the PATH
// running bin/neosl.js). Shells that are not installed are skipped, and say so.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neoslBin, repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const installed = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const project = join(repoRoot, 'test/fixtures/invoke-project');

let work: string;
let env: NodeJS.ProcessEnv;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  work = makeTempDir();
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'neosl'), `#!/bin/sh\nexec "${process.execPath}" "${neoslBin}" "$@"\n`);
  chmodSync(join(bin, 'neosl'), 0o755);
  env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' };
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await spawnNeosl(['completion', shell]);
    expect(result.exitCode).toBe(0);
    scripts[shell] = join(work, `neosl.${shell}`);
    writeFileSync(scripts[shell]!, result.stdout);
  }
});
afterAll(removeTempDirs);

function run(shell: string, args: string[]): string {
  const result = spawnSync(shell, args, { cwd: project, env, encoding: 'utf8', timeout: 20_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** What bash offers for a command line whose last word is being completed. */
function bashComplete(line: string[]): string[] {
  const words = line.map((word) => `'${word}'`).join(' ');
  const stdout = run('bash', [
    '-c',
    `source '${scripts.bash}'; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _neosl; printf '%s\\n' "\${COMPREPLY[@]}"`,
  ]);
  return stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('parses (bash -n)', () => {
    run('bash', ['-n', scripts.bash!]);
  });

  it('completes commands, subcommands and options', () => {
    expect(bashComplete(['neosl', 'ch'])).toEqual(['chain']);
    expect(bashComplete(['neosl', 'bench', '--con'])).toEqual(['--connections']);
    expect(bashComplete(['neosl', 'chain', 't'])).toEqual(['transfer', 'tx']);
    expect(bashComplete(['neosl', '--json', 'doc'])).toEqual(['doctor']);
    expect(bashComplete(['neosl', 'chain', 'transfer', '--as'])).toEqual(['--asset']);
  });

  it('completes option values and arguments: templates, shells, function names, files', () => {
    expect(bashComplete(['neosl', 'init', '--template', 'h'])).toEqual(['hello', 'http-api']);
    expect(bashComplete(['neosl', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(['neosl', 'invoke', 'sampled'])).toEqual(['sampledEcho', 'sampledHello']);
    // After an option and its value, the function is still the first argument.
    expect(bashComplete(['neosl', 'bench', '-c', '5', 'ec'])).toEqual(['echo']);
    expect(bashComplete(['neosl', 'dev', '--env-file', 'neosl.y'])).toEqual(['neosl.yaml']);
    expect(bashComplete(['neosl', 'new', ''])).toEqual([]);
  });

  it('reads the function names from the project given with --cwd', () => {
    const other = makeTempDir();
    writeFileSync(join(other, 'neosl.yaml'), 'name: other\nfunctions:\n  elsewhere: {}\n');
    expect(bashComplete(['neosl', '--cwd', other, 'invoke', ''])).toEqual(['elsewhere']);
  });
});

const skippedUnless = (shell: string) => (installed(shell) ? `${shell} completion` : `${shell} completion (skipped: ${shell} is not installed)`);

describe.skipIf(!installed('zsh'))(skippedUnless('zsh'), () => {
  it('parses (zsh -n) and loads under compinit', () => {
    run('zsh', ['-n', scripts.zsh!]);
    const loaded = run('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D; source '${scripts.zsh}'; print -r -- "\${_comps[neosl]}"`]);
    expect(loaded.trim()).toBe('_neosl');
  });

  it('offers commands and options with their descriptions, and function names', () => {
    // _describe and compadd stand in for the completion system: they print what they are given.
    const offered = (line: string[]) =>
      run('zsh', [
        '-f',
        '-c',
        `compdef() { :; }; source '${scripts.zsh}'
         _describe() { print -rl -- "\${(@P)4}"; }; compadd() { print -rl -- "\${(@P)2}"; }; _files() { print -r -- "<files $*>"; }
         words=(${line.map((word) => `'${word}'`).join(' ')}); CURRENT=${line.length}; _neosl`,
      ])
        .split('\n')
        .filter(Boolean);
    const described = (entries: string[], name: string) => entries.some((entry) => entry.startsWith(`${name}:`) && entry.length > name.length + 3);
    expect(described(offered(['neosl', 'ch']), 'chain')).toBe(true);
    expect(described(offered(['neosl', 'bench', '--con']), '--connections')).toBe(true);
    expect(offered(['neosl', 'invoke', ''])).toEqual(expect.arrayContaining(['hello', 'sampledEcho']));
    expect(offered(['neosl', 'init', ''])).toEqual(['<files -/>']);
  });
});

describe.skipIf(!installed('fish'))(skippedUnless('fish'), () => {
  const complete = (line: string) =>
    run('fish', ['--no-config', '-c', `source '${scripts.fish}'; complete -C '${line}'`])
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.split('\t')[0]);

  it('parses (fish -n)', () => {
    run('fish', ['-n', scripts.fish!]);
  });

  it('completes commands, options, templates and function names', () => {
    expect(complete('neosl ch')).toEqual(['chain']);
    expect(complete('neosl bench --con')).toEqual(['--connections']);
    expect(complete('neosl chain t')).toEqual(['transfer', 'tx']);
    expect(complete('neosl init --template h')).toEqual(['hello', 'http-api']);
    expect(complete('neosl invoke sampled')).toEqual(['sampledEcho', 'sampledHello']);
    expect(complete('neosl new ')).toEqual([]);
  });
});
