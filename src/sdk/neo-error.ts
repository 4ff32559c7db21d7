// NeoError: an error a function throws on purpose; its code decides the HTTP status.

const statusByCode: Record<string, number> = {
  INVALID_INPUT: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_IMPLEMENTED: 501,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/** The HTTP status for an error code; unknown codes are server errors. */
export function statusForErrorCode(code: string): number {
  return statusByCode[code] ?? 500;
}

/**
 * The SDK is bundled into each function, so the runtime's copy of a class is not the function's: a
 * registered symbol on the prototype tells an error of any copy, and `instanceof` reads it.
 */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

const NEO_ERROR = Symbol.for('neosl.NeoError');

export class NeoError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses of the user's own keep plain instanceof; NeoError itself also knows other copies.
    return Function.prototype[Symbol.hasInstance].call(this, value) || (this === NeoError && hasBrand(value, NEO_ERROR));
  }

  readonly code: string;
  readonly details: unknown;
  readonly statusCode: number;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'NeoError';
    this.code = code;
    this.details = details;
    this.statusCode = statusForErrorCode(code);
  }
}

Object.defineProperty(NeoError.prototype, NEO_ERROR, { value: true });
