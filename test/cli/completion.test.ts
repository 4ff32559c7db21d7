// `neosl completion <shell>` offers what the program has, and `neosl __complete functions` lists
// the project's functions for the scripts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNeosl } from '../helpers/run-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

/** The command names listed under "Commands:" in a help text. */
function helpCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((match) => match[1]!);
}

/** The long options listed in a help text. */
function helpOptions(help: string): string[] {
  return [...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1]!);
}

describe('neosl completion', () => {
  it('offers every command of "neosl --help" at the top level of each shell, and no hidden one', async () => {
    const commands = helpCommands((await runNeosl(['--help'])).stdout);
    expect(commands).toEqual(expect.arrayContaining(['init', 'bench', 'chain', 'schema', 'completion', 'doctor']));
    expect(commands).not.toContain('__complete');

    const bash = (await runNeosl(['completion', 'bash'])).stdout;
    const topLevel = /^ {4}''\) echo '([^']*)' ;;$/m.exec(bash)?.[1]?.split(' ');
    expect(topLevel).toEqual(commands);

    const fish = (await runNeosl(['completion', 'fish'])).stdout;
    const zsh = (await runNeosl(['completion', 'zsh'])).stdout;
    for (const command of commands) {
      expect(fish).toContain(`-a '${command}'`);
      expect(zsh).toMatch(new RegExp(`'${command}:[^']+'`));
    }
    expect(fish).not.toContain(`-a '__complete'`);
    expect(zsh).not.toContain(`'__complete:`);
  });

  it("offers each command's own options as its --help lists them, with the global ones", async () => {
    const bash = (await runNeosl(['completion', 'bash'])).stdout;
    for (const command of ['bench', 'invoke', 'init']) {
      const offered = /^ {4}'([^']*)'\) echo '([^']*)' ;;$/gm;
      const line = [...bash.matchAll(offered)].find((match) => match[1] === command);
      expect(line, command).toBeDefined();
      const words = line![2]!.split(' ');
      expect(words).toEqual(expect.arrayContaining(helpOptions((await runNeosl([command, '--help'])).stdout)));
      expect(words).toEqual(expect.arrayContaining(['--cwd', '--json', '--no-color']));
    }
  });

  it('completes --template with the template names and <shell> with the shells', async () => {
    const bash = (await runNeosl(['completion', 'bash'])).stdout;
    expect(bash).toContain("'init|-t'|'init|--template') echo 'choices blockchain cached database hello http-api scheduled' ;;");
    expect(bash).toContain("'completion|0') echo 'choices bash zsh fish' ;;");
    expect(bash).toContain("'invoke|0') echo 'functions' ;;");
    // `neosl new <function>` names a function that does not exist yet.
    expect(bash).toContain("'new|0') echo 'text' ;;");
  });

  it('refuses an unknown shell with the ones it knows, exit 2', async () => {
    const result = await runNeosl(['completion', 'powershell']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
    expect(result.stderr).toContain('neosl completion --help');
    expect(result.stdout).toBe('');
  });

  it('prints the script in a JSON document with --json', async () => {
    const result = await runNeosl(['completion', 'fish', '--json']);
    const document = JSON.parse(result.stdout) as { shell: string; script: string };
    expect(document.shell).toBe('fish');
    expect(document.script).toContain('complete -c neosl');
  });
});

describe('neosl __complete functions', () => {
  it('lists the function names of the nearest neosl.yaml in file order, even when the file does not validate', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'neosl.yaml'), 'name: demo\nfunctions:\n  zeta: { timeout: 999h }\n  alpha: {}\n  mid:\n');
    const result = await runNeosl(['--cwd', dir, '__complete', 'functions']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('zeta\nalpha\nmid\n');
  });

  it('prints nothing outside a project, and refuses a kind it does not know', async () => {
    const empty = await runNeosl(['--cwd', makeTempDir(), '__complete', 'functions']);
    expect(empty).toMatchObject({ exitCode: 0, stdout: '' });
    const unknown = await runNeosl(['__complete', 'colours']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('Use one of: functions.');
  });
});
