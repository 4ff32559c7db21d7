// The command line of `neosl bench`, checked: each bad value is a usage error naming the flag.
import { isLoopbackHost } from '../util/loopback.js';
import { HTTP_METHODS, type HttpMethod } from '../config/types.js';
import { DURATION_FORMS, parseDuration } from '../config/units.js';
import { UsageError } from '../errors.js';

export interface RawBenchOptions {
  connections?: string;
  duration?: string;
  warmup?: string;
  rate?: string;
  data?: string;
  dataFile?: string;
  method?: string;
  url?: string;
  dashboard?: boolean;
  saveBaseline?: string;
  baseline?: string;
  maxRegression?: string;
  all?: boolean;
  persistTo?: string;
}

export function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 1) throw new UsageError(`${flag} ${value}: expected a whole number of at least 1`);
  return number;
}

export function positiveNumber(flag: string, value: string | undefined, { allowZero = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) {
    throw new UsageError(`${flag} ${value}: expected a number${allowZero ? '' : ' above 0'}`);
  }
  return number;
}

/** Seconds; a bare number is seconds. */
export function durationSeconds(flag: string, value: string | undefined, { allowZero = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  try {
    ms = parseDuration(value, 's');
  } catch {
    throw new UsageError(`${flag} ${value}: expected a duration like ${DURATION_FORMS} (a bare number is seconds)`);
  }
  if (ms < 0 || (!allowZero && ms === 0)) throw new UsageError(`${flag} ${value}: expected a duration above 0`);
  return ms / 1000;
}

export function httpMethod(value: string | undefined): HttpMethod | undefined {
  if (value === undefined) return undefined;
  const method = value.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) throw new UsageError(`--method ${value}: expected one of ${HTTP_METHODS.join(', ')}`);
  return method as HttpMethod;
}


/** An http(s) URL on this machine: bench generates load, and only ever against loopback. */
export function loopbackUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url ${value}: not a URL`, { hint: 'e.g. --url http://127.0.0.1:3000/hello' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url ${value}: expected an http:// or https:// URL`);
  if (!isLoopbackHost(url.hostname)) {
    throw new UsageError(`--url ${value}: neosl bench only loads this machine (127.0.0.1, ::1, localhost), not ${url.hostname}`, {
      code: 'NOT_LOOPBACK',
      hint: 'Load testing a remote host is a job for its owner; run the server locally and point --url at it.',
    });
  }
  return url;
}
