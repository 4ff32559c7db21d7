// The hosts `neosl login` remembers: credentials.json in the user's config folder, one token per
// host URL and the current host. Written atomically, 0600 in a 0700 folder; never rewritten when
// it cannot be read, so a damaged file is named and left for the user to fix.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';

export interface HostCredentials {
  token: string;
  /** ISO time of the login. */
  savedAt: string;
}

export interface Credentials {
  /** The host the commands use when neither --target nor neosl.yaml names one. */
  current?: string;
  /** Host URL (no trailing slash) → its token. */
  hosts: Record<string, HostCredentials>;
}

export interface CredentialsOptions {
  env: NodeJS.ProcessEnv;
  /** Told when a file had looser permissions and was tightened. */
  warn?: (text: string) => void;
  platform?: NodeJS.Platform;
  home?: string;
}

const FILE_NAME = 'credentials.json';
const ON_POSIX = (platform: NodeJS.Platform) => platform !== 'win32';

/** `$NEOSL_CONFIG_DIR`, else `$XDG_CONFIG_HOME/neosl`, else `%APPDATA%\neosl` on Windows, else `~/.config/neosl`. */
export function configDir(options: CredentialsOptions): string {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  if (env.NEOSL_CONFIG_DIR) return env.NEOSL_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'neosl');
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'neosl');
  return join(options.home ?? homedir(), '.config', 'neosl');
}

export function credentialsFile(options: CredentialsOptions): string {
  return join(configDir(options), FILE_NAME);
}

function corrupt(file: string, problem: string): UserError {
  return new UserError(`the credentials file ${file} is damaged: ${problem}`, {
    code: 'CREDENTIALS_CORRUPT',
    hint: `fix it by hand, or remove it and log in again ("neosl login <url>"); neosl does not overwrite it`,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseCredentials(file: string, text: string): Credentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `it is not JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed) || !isObject(parsed.hosts)) throw corrupt(file, 'expected {"current"?, "hosts": {…}}');
  if (parsed.current !== undefined && typeof parsed.current !== 'string') throw corrupt(file, '"current" is not a URL');
  const hosts: Record<string, HostCredentials> = {};
  for (const [url, entry] of Object.entries(parsed.hosts)) {
    if (!isObject(entry) || typeof entry.token !== 'string' || typeof entry.savedAt !== 'string') {
      throw corrupt(file, `the entry of ${url} needs "token" and "savedAt"`);
    }
    Object.defineProperty(hosts, url, { value: { token: entry.token, savedAt: entry.savedAt }, enumerable: true, writable: true, configurable: true });
  }
  return { ...(parsed.current !== undefined ? { current: parsed.current } : {}), hosts };
}

/** A token file others can read is made private again (and the user told); a folder others can write is reported. */
function tightenPermissions(file: string, dir: string, options: CredentialsOptions): void {
  if (!ON_POSIX(options.platform ?? process.platform)) return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    options.warn?.(`${file} could be read or changed by other users (mode ${mode.toString(8)}); it is now 600. Revoke its tokens on the hosts if others may have read them.`);
  }
  const dirMode = statSync(dir).mode & 0o777;
  if ((dirMode & 0o022) !== 0) options.warn?.(`${dir} is writable by others (mode ${dirMode.toString(8)}): run "chmod 700 ${dir}"`);
}

/** What credentials.json holds; no file yet is no hosts. Throws CREDENTIALS_CORRUPT for a damaged file. */
export function readCredentials(options: CredentialsOptions): Credentials {
  const file = credentialsFile(options);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hosts: {} };
    throw new UserError(`cannot read the credentials file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { code: 'CREDENTIALS_UNREADABLE', cause: error });
  }
  tightenPermissions(file, configDir(options), options);
  return parseCredentials(file, text);
}

let temporaryCounter = 0;

/** Replaces credentials.json at once: a private temporary file renamed into place. */
export function writeCredentials(options: CredentialsOptions, credentials: Credentials): void {
  const dir = configDir(options);
  const file = join(dir, FILE_NAME);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.neosl-tmp-${process.pid}-${temporaryCounter++}`;
  try {
    writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    if (ON_POSIX(options.platform ?? process.platform)) chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Remembers `token` for `url` and makes it the current host. */
export function saveHostCredentials(options: CredentialsOptions, url: string, token: string, now = new Date()): void {
  const credentials = readCredentials(options);
  Object.defineProperty(credentials.hosts, url, { value: { token, savedAt: now.toISOString() }, enumerable: true, writable: true, configurable: true });
  writeCredentials(options, { current: url, hosts: credentials.hosts });
}

/** Forgets `url`'s token (and that it is current); false when there was nothing to forget. */
export function forgetHostCredentials(options: CredentialsOptions, url: string): boolean {
  const credentials = readCredentials(options);
  const known = Object.hasOwn(credentials.hosts, url);
  if (!known && credentials.current !== url) return false;
  delete credentials.hosts[url];
  const { current, hosts } = credentials;
  writeCredentials(options, { ...(current !== undefined && current !== url ? { current } : {}), hosts });
  return known;
}
