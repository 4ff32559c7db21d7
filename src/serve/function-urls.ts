// NEOSL_FUNCTION_URLS, where the trigger dispatcher (`neosl serve --triggers-only`) sends each
// function's blockchain events: a JSON object {"<function>": "http://<service>.<ns>.svc.cluster.local"}.
// Read once at start: not JSON, a value that is not an http(s) URL, or a subscribed function without
// a URL stops the start naming what is wrong.
import { UserError } from '../errors.js';

export const FUNCTION_URLS_ENV = 'NEOSL_FUNCTION_URLS';

export interface FunctionUrls {
  /** The base URL of each subscribed function, without a trailing slash. */
  urls: Map<string, string>;
  /** Names in the variable that no blockchain trigger of the build subscribes (a typo, or a function since removed). */
  unused: string[];
}

const EXAMPLE = `${FUNCTION_URLS_ENV}='{"<function>": "http://<service>.<namespace>.svc.cluster.local"}'`;

export function functionUrls(env: Readonly<Record<string, string | undefined>>, subscribed: readonly string[]): FunctionUrls {
  const raw = env[FUNCTION_URLS_ENV];
  if (subscribed.length === 0) return { urls: new Map(), unused: [] };
  if (raw === undefined || raw.trim() === '') {
    throw new UserError(`${FUNCTION_URLS_ENV} is not set: the trigger dispatcher needs the URL of ${subscribed.join(', ')} (the functions with a blockchain trigger)`, {
      code: 'FUNCTION_URL_MISSING',
      hint: `set it to a JSON object, e.g. ${EXAMPLE}`,
      details: { missing: subscribed },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new UserError(`${FUNCTION_URLS_ENV} is not valid JSON (${(error as Error).message})`, { code: 'FUNCTION_URLS_INVALID', hint: `set it to a JSON object, e.g. ${EXAMPLE}` });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError(`${FUNCTION_URLS_ENV} must be a JSON object of function names to URLs`, { code: 'FUNCTION_URLS_INVALID', hint: `e.g. ${EXAMPLE}` });
  }
  const given = parsed as Record<string, unknown>;
  const urls = new Map<string, string>();
  for (const name of subscribed) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined) {
      throw new UserError(`${FUNCTION_URLS_ENV} has no URL for function ${name}, which has a blockchain trigger`, {
        code: 'FUNCTION_URL_MISSING',
        hint: `add "${name}": "http://<its service>.<namespace>.svc.cluster.local" to ${FUNCTION_URLS_ENV}`,
        details: { missing: subscribed.filter((fn) => !Object.hasOwn(given, fn)) },
      });
    }
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
      throw new UserError(`${FUNCTION_URLS_ENV}: the URL of function ${name} must be an http(s) base URL without query, got ${JSON.stringify(value)}`, { code: 'FUNCTION_URLS_INVALID' });
    }
    urls.set(name, url.href.replace(/\/+$/, ''));
  }
  return { urls, unused: Object.keys(given).filter((name) => !subscribed.includes(name)) };
}
