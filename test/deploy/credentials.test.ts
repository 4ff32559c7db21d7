// credentials.json: where it lives, that it is private (0600 in a 0700 folder) and replaced whole,
// and that a damaged file is named and never overwritten.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, credentialsFile, forgetHostCredentials, readCredentials, saveHostCredentials } from '../../src/deploy/credentials.js';
import { UserError } from '../../src/errors.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

const modeOf = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

describe('the config folder', () => {
  it('is $NEOSL_CONFIG_DIR, else $XDG_CONFIG_HOME/neosl, else %APPDATA%\\neosl on Windows, else ~/.config/neosl', () => {
    const home = '/home/ada';
    expect(configDir({ env: { NEOSL_CONFIG_DIR: '/x/neosl-test', XDG_CONFIG_HOME: '/xdg' }, home })).toBe('/x/neosl-test');
    expect(configDir({ env: { XDG_CONFIG_HOME: '/xdg', APPDATA: 'C:\\AppData' }, platform: 'win32', home })).toBe(join('/xdg', 'neosl'));
    expect(configDir({ env: { APPDATA: 'C:\\AppData' }, platform: 'win32', home })).toBe(join('C:\\AppData', 'neosl'));
    expect(configDir({ env: { APPDATA: 'C:\\AppData' }, platform: 'linux', home })).toBe(join(home, '.config', 'neosl'));
    expect(credentialsFile({ env: { NEOSL_CONFIG_DIR: '/x/c' } })).toBe(join('/x/c', 'credentials.json'));
  });
});

describe('credentials.json', () => {
  it('is private: the file 0600, the folder it creates 0700, and it holds the token per host and the current host', () => {
    const dir = join(makeTempDir(), 'config', 'neosl');
    const env = { NEOSL_CONFIG_DIR: dir };
    saveHostCredentials({ env }, 'https://a.example.com', 'token-a', new Date('2030-01-01T00:00:00Z'));
    saveHostCredentials({ env }, 'http://127.0.0.1:8080', 'token-b', new Date('2030-01-02T00:00:00Z'));

    const file = join(dir, 'credentials.json');
    if (posix) {
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(dir)).toBe(0o700);
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      current: 'http://127.0.0.1:8080',
      hosts: {
        'https://a.example.com': { token: 'token-a', savedAt: '2030-01-01T00:00:00.000Z' },
        'http://127.0.0.1:8080': { token: 'token-b', savedAt: '2030-01-02T00:00:00.000Z' },
      },
    });
    expect(readCredentials({ env }).current).toBe('http://127.0.0.1:8080');
  });

  it('is replaced whole through a temporary file, which never stays behind, even when the rename fails', () => {
    const dir = makeTempDir();
    const env = { NEOSL_CONFIG_DIR: dir };
    saveHostCredentials({ env }, 'https://a.example.com', 'token-a');
    saveHostCredentials({ env }, 'https://a.example.com', 'token-a2');
    expect(readdirSync(dir)).toEqual(['credentials.json']);

    // A folder where the file should be: the rename fails, and nothing is left half-written.
    const blocked = makeTempDir();
    mkdirSync(join(blocked, 'credentials.json'));
    expect(() => saveHostCredentials({ env: { NEOSL_CONFIG_DIR: blocked } }, 'https://a.example.com', 'token-a')).toThrow();
    expect(readdirSync(blocked)).toEqual(['credentials.json']);
  });

  it.skipIf(!posix)('is made private again when others could read it, and says so', () => {
    const dir = makeTempDir();
    const env = { NEOSL_CONFIG_DIR: dir };
    saveHostCredentials({ env }, 'https://a.example.com', 'token-a');
    chmodSync(join(dir, 'credentials.json'), 0o644);
    const warnings: string[] = [];
    expect(readCredentials({ env, warn: (text) => warnings.push(text) }).hosts['https://a.example.com']?.token).toBe('token-a');
    expect(modeOf(join(dir, 'credentials.json'))).toBe(0o600);
    expect(warnings).toEqual([expect.stringContaining('mode 644); it is now 600')]);
    expect(warnings.join('')).not.toContain('token-a');
  });

  it('when damaged, is named in the error and left as it is', () => {
    const dir = makeTempDir();
    const env = { NEOSL_CONFIG_DIR: dir };
    const file = join(dir, 'credentials.json');
    for (const damaged of ['{"hosts": {', '[1, 2]', '{"hosts": {"https://a.example.com": {"token": 5}}}']) {
      writeFileSync(file, damaged, { mode: 0o600 });
      const error = (() => {
        try {
          saveHostCredentials({ env }, 'https://b.example.com', 'token-b');
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('CREDENTIALS_CORRUPT');
      expect((error as UserError).message).toContain(file);
      expect((error as UserError).hint).toMatch(/remove it and log in again/);
      expect(readFileSync(file, 'utf8')).toBe(damaged);
    }
  });

  it('forgets a host, and that it was current; forgetting an unknown host changes nothing', () => {
    const dir = makeTempDir();
    const env = { NEOSL_CONFIG_DIR: dir };
    saveHostCredentials({ env }, 'https://a.example.com', 'token-a');
    saveHostCredentials({ env }, 'https://b.example.com', 'token-b');
    expect(forgetHostCredentials({ env }, 'https://b.example.com')).toBe(true);
    expect(readCredentials({ env })).toEqual({ hosts: { 'https://a.example.com': expect.objectContaining({ token: 'token-a' }) } });
    expect(forgetHostCredentials({ env }, 'https://b.example.com')).toBe(false);
    expect(forgetHostCredentials({ env: { NEOSL_CONFIG_DIR: join(dir, 'none') } }, 'https://a.example.com')).toBe(false);
  });
});
