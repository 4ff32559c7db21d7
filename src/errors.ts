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
  /** Machine-readable facts about the failure (a host's error details), kept in --json output. */
  details?: unknown;
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
  readonly details?: unknown;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = options.code ?? 'ERROR';
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
    this.location = options.location;
    this.diagnostics = options.diagnostics ?? [];
    this.alreadyReported = options.alreadyReported ?? false;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends UserError {
  constructor(message: string, options: Omit<UserErrorOptions, 'exitCode'> = {}) {
    super(message, { code: 'USAGE', ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}

/** Why a file-system call failed, for the codes that are the user's to fix (a path, a permission, a full disk). */
const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space is left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'something else is already there',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a loop of symbolic links',
};

/**
 * A file-system failure on a path the user chose or owns (an unwritable .neosl, --outdir inside a
 * file, a full disk) as the UserError that names the path; undefined for anything else.
 */
export function fileSystemUserError(error: unknown): UserError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  const problem = code === undefined ? undefined : FILE_SYSTEM_PROBLEMS[code];
  if (problem === undefined || typeof path !== 'string') return undefined;
  const action = syscall === 'open' || syscall === 'stat' || syscall === 'scandir' || syscall === 'read' ? 'use' : 'write';
  return new UserError(`cannot ${action} ${path}: ${problem} (${code})`, {
    code: 'PATH_NOT_WRITABLE',
    hint: 'check that the folder exists and is writable, or point neosl elsewhere (--outdir, --persist-to, --cwd)',
    cause: error,
  });
}
