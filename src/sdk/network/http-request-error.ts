// The error HttpClient rejects with.
import type { HttpClientError } from '../network-types.js';

/** The public fields of the error (isTimeout defaulting to false), and its cause. */
export type HttpRequestErrorFields = Pick<HttpClientError, 'url' | 'attempts' | 'status' | 'code' | 'data'> & { isTimeout?: boolean; cause?: unknown };

export class HttpRequestError extends Error implements HttpClientError {
  isTimeout: boolean;
  status?: number;
  attempts: number;
  url: string;
  code?: string;
  data?: unknown;

  constructor(message: string, fields: HttpRequestErrorFields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'HttpClientError';
    this.url = fields.url;
    this.attempts = fields.attempts;
    this.isTimeout = fields.isTimeout ?? false;
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.code !== undefined) this.code = fields.code;
    if (fields.data !== undefined) this.data = fields.data;
  }
}
