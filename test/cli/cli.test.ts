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
    expect(result.stderr).toMatch(/Did you mean init\?/);
    expect(result.stdout).toBe('');
  });

  it('suggests the nearest flag for an unknown option and exits 2', async () => {
    const result = await runNeosl(['init', 'x', '--tempalte', 'hello']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--tempalte'");
    expect(result.stderr).toContain('--template');
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
