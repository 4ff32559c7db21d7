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

  it('has every command of the product contract, each with its help and an example', async () => {
    for (const command of [['serve'], ['serve', 'token', 'create'], ['deploy'], ['versions'], ['rollback'], ['logs'], ['secrets', 'set'], ['login'], ['logout'], ['whoami']]) {
      const result = await runNeosl([...command, '--help']);
      expect(result.exitCode, command.join(' ')).toBe(0);
      expect(result.stdout, command.join(' ')).toContain(`Usage: neosl ${command.join(' ')}`);
    }
    const deploy = await runNeosl(['deploy', '--help']);
    expect(deploy.stdout).toContain('$ neosl deploy --canary 10 --watch 2m --max-error-rate 1 --max-p99-regression 20');
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
    for (const command of ['init', 'templates', 'new', 'build', 'invoke', 'dev', 'bench', 'chain', 'serve', 'deploy', 'versions', 'rollback', 'logs', 'secrets', 'login', 'logout', 'whoami']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b.*\\S`, 'm'));
    }
    expect(result.stdout).toContain('$ neosl init my-app --template http-api');
    expect(result.stdout).toContain('$ neosl deploy --target http://127.0.0.1:8080');
    expect(result.stdout).toMatch(/--cwd <dir>/);
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
