// Calls to the host's /_neosl/ API: the token as `Authorization: Bearer …`, JSON in and out, and a
// 401 (a missing, wrong, expired or revoked token) reported once to whoever shows the login form.
import { clearToken, currentToken } from './session-token.js';

export class UnauthorizedError extends Error {
  constructor() {
    super('the host asks for a token');
  }
}

/** An answer other than 2xx, with the host's error body when it sent one. */
export class HostError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function authHeaders(): Record<string, string> {
  const token = currentToken();
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

/** fetch of a /_neosl/ path with the token; a 401 clears it, tells the listeners and throws. */
export async function hostFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) };
  const response = await fetch(path, { ...init, headers, cache: 'no-store', credentials: 'same-origin' });
  if (response.status === 401) {
    clearToken();
    for (const listener of unauthorizedListeners) listener();
    throw new UnauthorizedError();
  }
  return response;
}

async function errorOf(response: Response): Promise<HostError> {
  let code: string | undefined;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    code = body.error?.code;
  } catch {
    // Not JSON: the status line says it.
  }
  return new HostError(response.status, code, message);
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await hostFetch(path);
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await hostFetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** Neo N3 JSON-RPC through POST /_neosl/rpc. */
export async function rpcCall<T>(method: string, params: unknown[]): Promise<T> {
  const answer = await postJson<{ result?: T; error?: { code: number; message: string } }>('/_neosl/rpc', { jsonrpc: '2.0', id: 1, method, params });
  if (answer.error) throw new HostError(200, String(answer.error.code), answer.error.message);
  return answer.result as T;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
