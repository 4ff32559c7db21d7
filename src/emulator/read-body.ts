// Reads a request body up to a limit. Over the limit (by Content-Length, or once the bytes read pass
// it) it stops reading and resolves 'too-large', so that a huge upload costs no memory. Admin routes
// read theirs as a JSON object (readJsonObject), with one set of reasons when it is not one.
import type { IncomingMessage } from 'node:http';

export type BodyResult = string | 'too-large' | 'aborted';

const EMPTY = '';
const NO_BYTES = Buffer.alloc(0);

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return collectBody(req, limit, EMPTY, (chunks) => (chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
}

/** The body as bytes (an upload), up to a limit. */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return collectBody(req, limit, NO_BYTES, (chunks) => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
}

function collectBody<T>(req: IncomingMessage, limit: number, empty: T, join: (chunks: Buffer[]) => T): Promise<T | 'too-large' | 'aborted'> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.pause();
    return Promise.resolve('too-large');
  }
  if (declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined)) {
    // Nothing to read; let the request end by itself.
    req.resume();
    return Promise.resolve(empty);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    // Plain `on` (each event comes once, and a settled promise ignores a later resolve): no
    // once-wrapper per listener per request.
    const aborted = () => resolve('aborted');
    req.on('data', onData);
    req.on('end', () => resolve(join(chunks)));
    req.on('aborted', aborted);
    req.on('error', aborted);
  });
}

export type JsonObjectBody =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; code: 'BODY_TOO_LARGE' | 'BODY_INCOMPLETE' | 'MALFORMED_JSON' | 'INVALID_REQUEST'; message: string };

/** An admin route's body: a JSON object up to `limit` bytes (empty is {}), or why it is not one. */
export async function readJsonObject(req: IncomingMessage, limit: number): Promise<JsonObjectBody> {
  const raw = await readBody(req, limit);
  if (raw === 'too-large') return { ok: false, code: 'BODY_TOO_LARGE', message: `the request body is over ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`}` };
  if (raw === 'aborted') return { ok: false, code: 'BODY_INCOMPLETE', message: 'the request body did not arrive whole' };
  let value: unknown;
  try {
    value = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (error) {
    return { ok: false, code: 'MALFORMED_JSON', message: `the request body is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, code: 'INVALID_REQUEST', message: 'the request body must be a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}
