import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { runNeosl } from '../helpers/run-neosl.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('neosl (the CLI shell)', () => {
  it('prints its version', async () => {
    const result = await spawnNeosl(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('prints its version and Node\'s as one JSON document with --json, the flags in any order', async () => {
    for (const args of [['--version', '--json'], ['--json', '-v']]) {
      const result = await spawnNeosl(args);
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ version, node: process.version });
      expect(result.stderr).toBe('');
    }
  });

  it('prints the help on stdout and exits 0 when run with no command', async () => {
    for (const args of [[], ['--no-color']]) {
      const result = await spawnNeosl(args);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^Usage: neosl \[options\] \[command\]/);
      expect(result.stdout).toContain('$ neosl init my-app --template http-api');
      expect(result.stderr).toBe('');
    }
  });

  it('says a command of the product that is not in this version yet is not available, with what to use, and exits 2', async () => {
    for (const command of ['deploy', 'serve', 'versions', 'rollback', 'logs', 'secrets', 'login', 'logout', 'whoami']) {
      const result = await runNeosl([command]);
      expect(result.exitCode, command).toBe(2);
      expect(result.stderr).toContain(`✘ error neosl ${command} is not available yet in this version (${version})`);
      expect(result.stderr).toMatch(/hint: Meanwhile: .*"neosl .+"[^\n]*Run "neosl --help" for the commands of this version\./);
      // Not the top-level help.
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain('Usage:');
    }
    // Its own flags, its --help and `neosl help deploy` do not hide that either.
    for (const args of [['deploy', '--target', 'prod', '--yes'], ['deploy', '--help'], ['help', 'deploy'], ['--cwd', '.', 'deploy']]) {
      const result = await runNeosl(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('neosl deploy is not available yet');
    }
    const json = await spawnNeosl(['deploy', '--json']);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'COMMAND_NOT_AVAILABLE', message: expect.stringContaining('neosl deploy is not available yet'), hint: expect.stringContaining('neosl build') } });
  });

  it('refuses any other unknown command with exit 2, not the help', async () => {
    const result = await runNeosl(['frobnicate']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
    expect(result.stderr).toContain('hint: Run "neosl --help" for usage.');
    expect(result.stdout).toBe('');
  });

  it('points a usage error to the help of the command that has it', async () => {
    const cases: [string[], string][] = [
      [['bench', '--bogus'], 'neosl bench --help'],
      [['chain', 'transfer', '--bogus'], 'neosl chain transfer --help'],
      [['chain', 'bogus'], 'neosl chain --help'],
      [['invoke'], 'neosl invoke --help'],
      [['--bogus'], 'neosl --help'],
    ];
    for (const [args, help] of cases) {
      const result = await runNeosl(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(`Run "${help}" for usage.`);
    }
  });

  it('lists every built command with a description and examples in --help', async () => {
    const result = await spawnNeosl(['--help']);
    expect(result.exitCode).toBe(0);
    for (const command of ['init', 'templates', 'new', 'build', 'invoke', 'dev', 'bench', 'chain']) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b.*\\S`, 'm'));
    expect(result.stdout).toContain('$ neosl init my-app --template http-api');
    expect(result.stdout).toMatch(/--cwd <dir>/);
    // Commands that do not exist yet are not advertised.
    expect(result.stdout).not.toMatch(/^\s+deploy\b/m);
  });

  it('shows an example in each command help', async () => {
    for (const command of ['init', 'templates', 'new', 'build', 'invoke', 'dev', 'bench', 'chain']) {
      const result = await runNeosl([command, '--help']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`$ neosl ${command}`);
    }
  });

  it('suggests the nearest command for a typo and exits 2', async () => {
    const result = await spawnNeosl(['initt']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown command 'initt'");
    expect(result.stderr).toContain('hint: Did you mean "init"? Run "neosl --help" for usage.');
    expect(result.stdout).toBe('');
  });

  it('suggests the nearest flag for an unknown option and exits 2', async () => {
    const result = await runNeosl(['init', 'x', '--tempalte', 'hello']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--tempalte'");
    expect(result.stderr).toContain('hint: Did you mean "--template"? Run "neosl init --help" for usage.');
  });

  it('reports errors as one JSON document on stdout with --json', async () => {
    const result = await runNeosl(['init', 'x', '--template', 'nope', '--json']);
    expect(result.exitCode).toBe(2);
    const document = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(document.error.code).toBe('UNKNOWN_TEMPLATE');
    expect(document.error.message).toContain('nope');
    expect(result.stderr).toContain('unknown template');
  });

  it('rejects a --cwd that does not exist with exit 2', async () => {
    const result = await runNeosl(['templates', '--cwd', '/definitely/not/here']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('/definitely/not/here');
  });

  it('uses color only when allowed', async () => {
    const colored = await runNeosl(['init', 'x', '--template', 'nope'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(colored.stderr).toContain('\u001b[');
    const plain = await runNeosl(['init', 'x', '--template', 'nope'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stderr).not.toContain('\u001b[');
    const flagged = await runNeosl(['init', 'x', '--template', 'nope', '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(flagged.stderr).not.toContain('\u001b[');
  });
});
