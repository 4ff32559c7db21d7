// One request before the load: it proves the target answers (an unreachable URL is a clear error,
// not a run full of connection errors) and keeps the body of a failing answer to show.
import { UserError } from '../errors.js';

export interface ProbeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FailedAnswer {
  status: number;
  body: string;
}

const BODY_SHOWN = 500;

/** Undefined when the answer is a success; the failing answer otherwise. */
export async function probe(request: ProbeRequest, timeoutMs = 10_000): Promise<FailedAnswer | undefined> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new UserError(`cannot reach ${request.url}: ${reason}`, { code: 'UNREACHABLE', hint: 'Is the server running and listening on that address and port?' });
  }
  const text = await response.text();
  if (response.status < 400) return undefined;
  return { status: response.status, body: text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}…` : text };
}
