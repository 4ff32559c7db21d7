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

export class NeoError extends Error {
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
