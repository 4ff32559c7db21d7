// One POST of the trigger dispatcher to a function's service, on node:http(s) and not fetch: the
// answer comes only after the function's run and its retries, which may take longer than fetch's
// built-in 300 s header timeout allows; here only the caller's signal (its own deadline) ends a wait.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostAnswer {
  status: number;
  text: string;
}

export type PostEvent = (url: string, init: { headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<PostAnswer>;

export const postEvent: PostEvent = (url, { headers, body, signal }) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
