// The emulator's error answers: one JSON shape, `{"error": {"code", "message", "details"}}`, and the
// HTTP status of each failure (a function's own failures carry theirs from the runtime).
import type { InvocationError } from '../runtime/index.js';

export interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  /** Extra response headers (Allow on 405). */
  headers?: Record<string, string>;
}

export function errorJson(answer: ErrorAnswer): string {
  return JSON.stringify({ error: { code: answer.code, message: answer.message, details: answer.details ?? null } });
}

/**
 * The answer for a failed invocation: 500 for a throw (message and the source-mapped stack in
 * details), 502 crash/OOM, 504 timeout, 503 closed… as the runtime's statusCode says; a status the
 * function chose through a NeoError (4xx/5xx) is kept.
 */
export function invocationErrorAnswer(error: InvocationError): ErrorAnswer {
  const status = Number.isInteger(error.statusCode) && error.statusCode >= 400 && error.statusCode <= 599 ? error.statusCode : 500;
  return { status, code: error.code, message: error.message, details: flatDetails(error) };
}

/**
 * One level of details: the error's name and stack, and beside them what the function attached (a
 * NeoError's details), never `details.details`. The function's own keys win: they are its answer.
 * Details that are not an object (a string, a list) are kept as `value`.
 */
function flatDetails(error: InvocationError): Record<string, unknown> {
  const details: Record<string, unknown> = { name: error.name };
  if (error.stack !== undefined) details.stack = error.stack;
  const own = error.details;
  if (own === undefined || own === null) return details;
  if (typeof own === 'object' && !Array.isArray(own)) return { ...details, ...(own as Record<string, unknown>) };
  return { ...details, value: own };
}

export const malformedJson = (reason: string): ErrorAnswer => ({
  status: 400,
  code: 'MALFORMED_JSON',
  message: `the request body is not valid JSON: ${reason}`,
});

export const bodyTooLarge = (limit: number): ErrorAnswer => ({
  status: 413,
  code: 'BODY_TOO_LARGE',
  message: `the request body is larger than the limit of ${limit} bytes (dev.bodyLimit in neosl.yaml)`,
  details: { limitBytes: limit },
});

export const methodNotAllowed = (method: string, path: string, allowed: string[]): ErrorAnswer => ({
  status: 405,
  code: 'METHOD_NOT_ALLOWED',
  message: `${method} is not allowed on ${path}: use ${allowed.join(', ')}`,
  details: { allowed },
  headers: { allow: allowed.join(', ') },
});

/** POST /functions/<name> of a function that takes HTTP requests at routes of its own (a NeoHttpFunction). */
export const servedAtRoutes = (name: string, method: string, path: string, routes: string[]): ErrorAnswer => ({
  status: 405,
  code: 'METHOD_NOT_ALLOWED',
  message: `${name} is served at ${routes.length <= 1 ? routes.join('') : `${routes.slice(0, -1).join(', ')} and ${routes.at(-1)}`}, not at ${method} ${path}: send the request to one of its routes, or run it once with "neosl invoke ${name}"`,
  details: { function: name, routes },
  // No method is allowed here: the function's routes are elsewhere.
  headers: { allow: '' },
});

export const unknownFunction = (name: string, known: string[]): ErrorAnswer => ({
  status: 404,
  code: 'FUNCTION_NOT_FOUND',
  message: `unknown function "${name}": ${known.length ? `the known functions are: ${known.join(', ')}` : 'no functions are defined'}`,
  details: { function: name, known },
});

export const unknownRoute = (method: string, path: string, routes: string[]): ErrorAnswer => ({
  status: 404,
  code: 'ROUTE_NOT_FOUND',
  message: `no route for ${method} ${path}`,
  details: { routes },
});

/** 503 until a function has a version serving: no good build yet, or its first version did not start. */
export const notServing = (name: string, startFailure?: { code: string; message: string }): ErrorAnswer =>
  startFailure
    ? {
        status: 503,
        code: 'NOT_STARTED',
        message: `function "${name}" built but did not start: ${startFailure.message}`,
        details: { function: name, cause: startFailure.code },
      }
    : {
        status: 503,
        code: 'NO_BUILD',
        message: `function "${name}" has no successful build yet: fix the build error shown in the terminal`,
        details: { function: name },
      };

export const rateLimited = (name: string, message: string, retryAfterSeconds: number): ErrorAnswer => ({
  status: 429,
  code: 'RATE_LIMITED',
  message,
  details: { function: name, retryAfterSeconds },
  headers: { 'retry-after': String(retryAfterSeconds) },
});

export const malformedPath = (url: string): ErrorAnswer => ({
  status: 400,
  code: 'MALFORMED_PATH',
  message: `the request path is not valid: it has a malformed percent-encoding (${JSON.stringify(url.length > 200 ? `${url.slice(0, 200)}…` : url)})`,
});

export const hostNotAllowed = (host: string): ErrorAnswer => ({
  status: 403,
  code: 'HOST_NOT_ALLOWED',
  message: `the Host ${JSON.stringify(host.slice(0, 255))} is not allowed: neosl answers only requests addressed to this machine (localhost, an IP address, --host), which keeps other web sites out through DNS rebinding`,
  details: { hint: 'to reach neosl under another name, add it to dev.allowedHosts in neosl.yaml' },
});

export const originNotAllowed = (origin: string): ErrorAnswer => ({
  status: 403,
  code: 'ORIGIN_NOT_ALLOWED',
  message: `requests from the web origin ${JSON.stringify(origin.slice(0, 255))} are not allowed: only pages served from this machine may call neosl`,
  details: { hint: 'to allow a web app on another origin, add it to dev.allowedOrigins in neosl.yaml' },
});

/** A host's route without a valid token: nothing about the routes, the token or the project. */
export const unauthorized = (): ErrorAnswer => ({
  status: 401,
  code: 'UNAUTHORIZED',
  message: 'this route needs a valid token: Authorization: Bearer <token>',
  headers: { 'www-authenticate': 'Bearer' },
});
