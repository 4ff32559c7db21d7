// The one way the emulator and the host answer outside a function's own response: a body with its
// length, JSON, and the one error shape `{"error": {"code", "message", "details"}}`.
import type { ServerResponse } from 'node:http';
import { errorJson, type ErrorAnswer } from './errors.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export function sendBody(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  sendBody(res, status, JSON_TYPE, JSON.stringify(value), headers);
}

export function sendError(res: ServerResponse, answer: ErrorAnswer, requestId?: string): void {
  const body = errorJson(answer);
  res.writeHead(answer.status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(body),
    ...(requestId !== undefined ? { 'x-neosl-request-id': requestId } : {}),
    ...answer.headers,
  });
  res.end(body);
}
