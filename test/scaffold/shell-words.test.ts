// What init prints must paste into a POSIX shell and mean the same folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeFolderBeside, freeFolderIn } from '../../src/scaffold/free-folder.js';
import { shellQuote } from '../../src/scaffold/shell-quote.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('shellQuote', () => {
  it('leaves plain words alone and quotes the others', () => {
    expect(shellQuote('my-app')).toBe('my-app');
    expect(shellQuote('/tmp/x/app_2.v1')).toBe('/tmp/x/app_2.v1');
    expect(shellQuote('My App')).toBe('"My App"');
    expect(shellQuote("Bob's app")).toBe(`"Bob's app"`);
    expect(shellQuote('$HOME app')).toBe(`'$HOME app'`);
    expect(shellQuote('')).toBe("''");
  });

  it.each(['My App', "it's", 'a $b `c` "d" \\e !f', "x'y$z", 'tab\there', '*.ts'])('sh reads %j back as one word', (word) => {
    const echoed = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
    expect(echoed.stdout).toBe(word);
  });
});

describe('a free folder to suggest', () => {
  it('numbers the name beside it, skipping the taken ones', () => {
    const parent = makeTempDir();
    mkdirSync(join(parent, 'my-app'));
    mkdirSync(join(parent, 'my-app-2'));
    expect(freeFolderBeside(join(parent, 'my-app'))).toBe(join(parent, 'my-app-3'));
    expect(freeFolderBeside(join(parent, 'my-app-2'))).toBe(join(parent, 'my-app-3'));
    expect(freeFolderBeside(join(parent, 'other'))).toBe(join(parent, 'other-2'));
    expect(freeFolderIn(parent, 'fresh')).toBe(join(parent, 'fresh'));
    expect(freeFolderIn(parent, 'my-app')).toBe(join(parent, 'my-app-3'));
  });
});
