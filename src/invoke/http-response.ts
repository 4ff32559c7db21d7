// What an http function's return value is as a response, checked as `neosl dev` checks it before
// sending (src/emulator/function-response.ts): its status, headers (with the content type the
// emulator adds) and body, and how a person reads it.
import { STATUS_CODES } from 'node:http';
import type { ErrorAnswer } from '../emulator/errors.js';
import { functionResponse, isErrorAnswer, JSON_TYPE } from '../emulator/function-response.js';

export interface InvokeHttpResponse {
  statusCode: number;
  headers: Record<string, string | number | readonly string[]>;
  /** As the function returned it; absent without a body. */
  body?: unknown;
}

export interface ShownResponse {
  response: InvokeHttpResponse;
  /** The body as sent on the wire. */
  text: string;
  isJson: boolean;
}

export function httpResponseOf(functionName: string, value: unknown): ShownResponse | { invalid: ErrorAnswer } {
  const sent = functionResponse(functionName, 'http', value);
  if (isErrorAnswer(sent)) return { invalid: sent };
  const headers: InvokeHttpResponse['headers'] = { ...sent.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = sent.type;
  // A value without a statusCode is sent as a 200 with that value as its JSON body.
  const shaped = value !== null && typeof value === 'object' && (value as { statusCode?: unknown }).statusCode !== undefined;
  const body = shaped ? (value as { body?: unknown }).body : (value ?? null);
  return { response: { statusCode: sent.status, headers, ...(body !== undefined ? { body } : {}) }, text: sent.text, isJson: sent.type === JSON_TYPE };
}

export const statusLine = (status: number): string => `${status} ${STATUS_CODES[status] ?? ''}`.trim();

/** The body for the terminal: JSON indented, other text as it is. */
export function readableBody(shown: ShownResponse): string {
  if (!shown.isJson || shown.text === '') return shown.text;
  try {
    return JSON.stringify(JSON.parse(shown.text), null, 2);
  } catch {
    return shown.text;
  }
}
