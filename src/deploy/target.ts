// Which host a host command talks to and with which token: --target (a URL or a neosl.yaml
// deploy.targets name), else deploy.default, else the `neosl login` host; the token from
// NEOSL_TOKEN, else the target's in neosl.yaml (its ${env.NAME} expanded now), else the login's.
import type { CommandContext } from '../command-context.js';
import { envReferences, expandEnvReferences } from '../config/expand.js';
import { findConfigFile } from '../config/find.js';
import { loadConfig } from '../config/load.js';
import { hostUrlProblem } from '../config/schema.js';
import type { DeployTarget, LoadedConfig } from '../config/types.js';
import { UsageError, UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';
import { didYouMean } from '../util/suggest.js';
import { credentialsFile, readCredentials, type Credentials } from './credentials.js';

export type TokenSource = 'NEOSL_TOKEN' | 'neosl.yaml' | 'login';

export interface HostTarget {
  /** No trailing slash. */
  url: string;
  token?: string;
  /** The neosl.yaml deploy.targets name, when the host came from there. */
  name?: string;
  tokenSource?: TokenSource;
}

export interface TargetOptions {
  /** A URL, or a name in neosl.yaml deploy.targets. */
  target?: string;
}

/** The help every "which host?" error ends with. */
export const TARGET_HINT = 'log in with "neosl login <url>", pass --target <url>, or add deploy.targets to neosl.yaml';

/** "https://…", "http://…" or any "scheme://": what --target reads as a URL rather than a name. */
export function looksLikeUrl(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
}

/** The host's base URL without a trailing slash; a UsageError saying what is wrong with it, named as `shown`. */
export function normalizeHostUrl(text: string, shown: string): string {
  const problem = hostUrlProblem(text);
  if (problem !== undefined) {
    const local = /^(localhost|127\.|\[::1\])/.test(text);
    const withScheme = !looksLikeUrl(text) && /^[A-Za-z0-9[]/.test(text) ? `${local ? 'http' : 'https'}://${text}` : undefined;
    const hint = withScheme !== undefined && hostUrlProblem(withScheme) === undefined ? `did you mean "${withScheme}"?` : 'where "neosl serve" listens, e.g. https://fn.example.com or http://127.0.0.1:8080';
    throw new UsageError(`${shown}: ${problem}`, { code: 'INVALID_URL', hint });
  }
  const url = new URL(text);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

interface Sources {
  project(): Promise<LoadedConfig | undefined>;
  credentials(): Credentials;
}

function memo<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

function sources(context: CommandContext): Sources {
  return {
    project: memo(async () => {
      if (findConfigFile(context.cwd) === undefined) return undefined;
      return loadConfig({ cwd: context.cwd, env: context.env });
    }),
    credentials: memo(() => readCredentials({ env: context.env, warn: (text) => context.out.info(text) })),
  };
}

/** The neosl.yaml target called `name`; UNKNOWN_TARGET with "did you mean" and the names there are. */
function namedTarget(project: LoadedConfig | undefined, name: string, shown: string): DeployTarget {
  const looksLikeHost = /[:/]|\.[A-Za-z]{2,}$|^localhost$/.test(name);
  const urlHint = looksLikeHost ? `a URL starts with http:// or https://, e.g. --target http://${name}` : undefined;
  if (project === undefined) {
    throw new UserError(`${shown}: no neosl.yaml here to define a target of that name`, {
      code: 'UNKNOWN_TARGET',
      hint: urlHint ?? "give the host's URL (--target https://…), or run the command in the project folder",
    });
  }
  const targets = project.config.deploy.targets;
  if (Object.hasOwn(targets, name)) return targets[name]!;
  const names = Object.keys(targets);
  const known = names.length > 0 ? `the targets are ${names.map((known) => `"${known}"`).join(', ')}` : 'neosl.yaml has no deploy.targets';
  throw new UserError(`${shown}: no target of that name in ${displayPath(project.file)}`, {
    code: 'UNKNOWN_TARGET',
    hint: [didYouMean(name, names), known, urlHint].filter(Boolean).join('; '),
  });
}

/** A neosl.yaml token with its `${env.NAME}` filled from the environment, then the project's .env. */
function expandTargetToken(name: string, written: string, context: CommandContext, project: LoadedConfig): string {
  const lookup = { ...project.dotenv, ...context.env };
  const missing = envReferences(written).filter((variable) => !lookup[variable]);
  if (missing.length > 0) {
    const variables = missing.join(' and ');
    throw new UserError(`the token of deploy target "${name}" is ${missing.map((variable) => '${env.' + variable + '}').join(' and ')}, and ${variables} ${missing.length === 1 ? 'is' : 'are'} not set`, {
      code: 'TOKEN_ENV_MISSING',
      hint: `set ${variables} in the environment or in the .env next to ${displayPath(project.file)} (NEOSL_TOKEN, if set, overrides the target's token)`,
    });
  }
  const token = expandEnvReferences(written, lookup).trim();
  if (token === '') throw new UserError(`the token of deploy target "${name}" in ${displayPath(project.file)} is empty`, { code: 'TOKEN_ENV_MISSING' });
  return token;
}

/** The host the login remembers as current, checked: the file is the user's to edit. */
function currentHost(credentials: Credentials, context: CommandContext): string | undefined {
  if (credentials.current === undefined) return undefined;
  try {
    return normalizeHostUrl(credentials.current, 'current');
  } catch {
    const file = credentialsFile({ env: context.env });
    throw new UserError(`the credentials file ${file} is damaged: "current" is not a host URL`, { code: 'CREDENTIALS_CORRUPT', hint: 'log in again with "neosl login <url>"' });
  }
}

/**
 * The host and token a host command uses (see the header). neosl.yaml is read only when a name or
 * the default is needed, and the credentials file only when it decides something.
 */
export async function resolveTarget(context: CommandContext, options: TargetOptions = {}): Promise<HostTarget> {
  const from = sources(context);
  let url: string | undefined;
  let name: string | undefined;
  let configured: DeployTarget | undefined;

  const given = options.target?.trim();
  if (given !== undefined && given !== '') {
    if (looksLikeUrl(given)) url = normalizeHostUrl(given, `--target ${given}`);
    else [name, configured] = [given, namedTarget(await from.project(), given, `--target ${given}`)];
  } else {
    const project = await from.project();
    const byDefault = project?.config.deploy.default;
    if (byDefault !== undefined) [name, configured] = [byDefault, namedTarget(project, byDefault, `deploy.default "${byDefault}"`)];
    else url = currentHost(from.credentials(), context);
  }
  if (configured !== undefined) url = normalizeHostUrl(configured.url, `deploy target "${name}"`);
  if (url === undefined) throw new UserError('no host to talk to: not logged in, no --target, and no deploy.default in neosl.yaml', { code: 'NO_TARGET', hint: TARGET_HINT });

  const target: HostTarget = { url, ...(name !== undefined ? { name } : {}) };
  const fromEnvironment = context.env.NEOSL_TOKEN?.trim();
  if (fromEnvironment) return { ...target, token: fromEnvironment, tokenSource: 'NEOSL_TOKEN' };
  if (configured?.token !== undefined) {
    const project = (await from.project())!;
    return { ...target, token: expandTargetToken(name!, configured.token, context, project), tokenSource: 'neosl.yaml' };
  }
  const { hosts } = from.credentials();
  if (Object.hasOwn(hosts, url)) return { ...target, token: hosts[url]!.token, tokenSource: 'login' };
  return target;
}

/** Where the token came from, as a person reads it: "NEOSL_TOKEN", "neosl.yaml target prod", "neosl login". */
export function describeTokenSource(target: HostTarget): string {
  switch (target.tokenSource) {
    case 'NEOSL_TOKEN':
      return 'the NEOSL_TOKEN environment variable';
    case 'neosl.yaml':
      return `neosl.yaml target "${target.name}"`;
    case 'login':
      return 'neosl login';
    default:
      return 'none';
  }
}

/** Fails before any request when there is no token for the host (the host would answer 401). */
export function requireToken(target: HostTarget): asserts target is HostTarget & { token: string } {
  if (target.token !== undefined) return;
  throw new UserError(`not logged in to ${target.url}: no token for it`, {
    code: 'NOT_LOGGED_IN',
    hint: `log in with "neosl login ${target.url}", or set NEOSL_TOKEN; create a token on the host with "neosl serve token create NAME"`,
  });
}
