// What a function's return value becomes on the wire. A plain function's value is the JSON body; an
// http function's `{statusCode, headers, body}` is checked first, so that a status or header Node
// would refuse is the function's 500 (naming what it returned), never a failure of the emulator.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { ErrorAnswer } from './errors.js';
import type { RouteMode } from './router.js';

export const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

export interface FunctionResponse {
  status: number;
  /** The function's own headers, checked; undefined when it set none. */
  headers?: Record<string, string | number | readonly string[]>;
  type: string;
  text: string;
}

interface HttpResultLike {
  statusCode?: unknown;
  headers?: unknown;
  body?: unknown;
}

/** Framing is the emulator's: a function's own length or encoding would not match the body it sends. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

const invalidResponse = (functionName: string, problem: string): ErrorAnswer => ({
  status: 500,
  code: 'INVALID_RESPONSE',
  message: `function "${functionName}" returned an invalid HTTP response: ${problem}`,
  details: { function: functionName },
});

type CheckedHeaders = { headers: FunctionResponse['headers'] } | { error: ErrorAnswer };

function checkHeaders(functionName: string, given: unknown): CheckedHeaders {
  if (given === undefined || given === null) return { headers: undefined };
  const invalid = (problem: string): CheckedHeaders => ({ error: invalidResponse(functionName, problem) });
  if (typeof given !== 'object' || Array.isArray(given)) return invalid(`headers must be an object of names to values, got ${Array.isArray(given) ? 'an array' : typeof given}`);
  const headers: Record<string, string | number | readonly string[]> = {};
  for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
      return invalid(`header ${JSON.stringify(name)} must be a string, a number or a list of strings, got ${value === null ? 'null' : typeof value}`);
    }
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value as string);
    } catch (error) {
      return invalid(`header ${JSON.stringify(name)}: ${(error as Error).message}`);
    }
    if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = value as string | number | readonly string[];
  }
  return { headers };
}

export function functionResponse(functionName: string, mode: RouteMode, value: unknown): FunctionResponse | ErrorAnswer {
  const result = value as HttpResultLike | null | undefined;
  if (mode !== 'http' || result === null || typeof result !== 'object' || result.statusCode === undefined) {
    return { status: 200, type: JSON_TYPE, text: JSON.stringify(value ?? null) };
  }
  const status = result.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return invalidResponse(functionName, `statusCode must be a whole number from 200 to 599, got ${JSON.stringify(status) ?? String(status)}`);
  }
  const checked = checkHeaders(functionName, result.headers);
  if ('error' in checked) return checked.error;
  const { headers } = checked;
  let text: string;
  let type = JSON_TYPE;
  if (typeof result.body === 'string') {
    text = result.body;
    type = TEXT_TYPE;
  } else if (result.body === undefined) text = '';
  else text = JSON.stringify(result.body);
  return headers === undefined ? { status, type, text } : { status, type, text, headers };
}

export function isErrorAnswer(value: FunctionResponse | ErrorAnswer): value is ErrorAnswer {
  return 'code' in value;
}
