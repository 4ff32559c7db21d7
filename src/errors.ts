// Expected errors (the user can fix them) versus bugs (everything else). Only cli.ts maps them to exit codes.

export interface SourceLocation {
  /** Path as shown to the user (relative to the cwd where possible). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The source line, for the code frame. */
  lineText?: string;
  /** How many characters to underline. */
  length?: number;
}

/** One located problem; a UserError may carry many (config validation reports all at once). */
export interface Diagnostic {
  message: string;
  location?: SourceLocation;
  hint?: string;
}

export type ExitCode = 1 | 2 | 3;

export interface UserErrorOptions {
  /** Stable machine-readable code, e.g. CONFIG_INVALID. */
  code?: string;
  /** 1 failure (default), 2 bad command-line usage, 3 bench regression. */
  exitCode?: ExitCode;
  hint?: string;
  location?: SourceLocation;
  diagnostics?: Diagnostic[];
  cause?: unknown;
  /** The command printed this failure itself (e.g. as its --json document): only the exit code remains. */
  alreadyReported?: boolean;
}

// The CLI shell is bundled apart from the command modules, so two copies of this class can meet:
// a registered symbol, not instanceof, tells a UserError.
const userErrorBrand = Symbol.for('neosl.UserError');

export function isUserError(value: unknown): value is UserError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[userErrorBrand] === true;
}

export class UserError extends Error {
  readonly [userErrorBrand] = true;
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly diagnostics: Diagnostic[];
  readonly alreadyReported: boolean;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = options.code ?? 'ERROR';
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
    this.location = options.location;
    this.diagnostics = options.diagnostics ?? [];
    this.alreadyReported = options.alreadyReported ?? false;
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends UserError {
  constructor(message: string, options: Omit<UserErrorOptions, 'exitCode'> = {}) {
    super(message, { code: 'USAGE', ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}
