// One HTTP request with a JSON answer, on a connection of its own that is closed afterwards: fetch
// would keep it in a pool for seconds, and a doctor should exit as soon as it has its answers.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface JsonAnswer {
  status: number;
  /** Undefined when the body is not JSON. */
  body: unknown;
}

export class RequestTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms / 1000} s`);
    this.name = 'TimeoutError';
  }
}

export function requestJson(url: string, options: { method: 'GET' | 'POST'; body?: unknown; timeoutMs: number }): Promise<JsonAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: options.method,
      agent: false,
      headers: { accept: 'application/json', connection: 'close', ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
    });
    const timer = setTimeout(() => request.destroy(new RequestTimeoutError(options.timeoutMs)), options.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      response.on('end', () => {
        clearTimeout(timer);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.end(payload);
  });
}
