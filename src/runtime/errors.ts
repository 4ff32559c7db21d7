// The errors the runtime reports on a function's behalf (timeouts, crashes, start failures), as
// plain InvocationError data with the HTTP status the emulator answers with.
import type { InvocationError } from './types.js';

export type RuntimeErrorCode =
  /** Past FunctionConfig.timeoutMs (504). */
  | 'TIMEOUT'
  /** The instance went over FunctionConfig.memoryMb (502). */
  | 'OUT_OF_MEMORY'
  /** The instance exited (process.exit, an uncaught exception) or was terminated (502). */
  | 'INSTANCE_CRASHED'
  /**
   * An exception no code caught, or a promise rejection no code handled, ended the instance: what a
   * fault outside a request's own promise (a timer, an event handler, a forgotten promise) reports.
   * Requests it held answer INSTANCE_CRASHED.
   */
  | 'UNHANDLED_ERROR'
  /** The bundle file does not exist (500). */
  | 'BUNDLE_NOT_FOUND'
  /** Importing the bundle threw (a syntax error, a top-level throw, a missing dependency) (500). */
  | 'MODULE_LOAD_FAILED'
  /** No export by the handler's name, and no default export (500). */
  | 'EXPORT_NOT_FOUND'
  /** The handler export is not a function (500). */
  | 'EXPORT_NOT_A_FUNCTION'
  /** The function returned something JSON cannot carry (500). */
  | 'UNSERIALIZABLE_RESULT'
  /** The input cannot be sent to an instance (400). */
  | 'INVALID_INPUT'
  /** No function of that name (404). */
  | 'FUNCTION_NOT_FOUND'
  /** The runtime was closed before the request finished (503). */
  | 'RUNTIME_CLOSED';

/** The code of an error the function threw that has no string code of its own. */
export const FUNCTION_ERROR = 'FUNCTION_ERROR';

const statusByCode: Record<RuntimeErrorCode, number> = {
  TIMEOUT: 504,
  OUT_OF_MEMORY: 502,
  INSTANCE_CRASHED: 502,
  UNHANDLED_ERROR: 502,
  BUNDLE_NOT_FOUND: 500,
  MODULE_LOAD_FAILED: 500,
  EXPORT_NOT_FOUND: 500,
  EXPORT_NOT_A_FUNCTION: 500,
  UNSERIALIZABLE_RESULT: 500,
  INVALID_INPUT: 400,
  FUNCTION_NOT_FOUND: 404,
  RUNTIME_CLOSED: 503,
};

const nameByCode: Partial<Record<RuntimeErrorCode, string>> = {
  TIMEOUT: 'TimeoutError',
  OUT_OF_MEMORY: 'OutOfMemoryError',
  INSTANCE_CRASHED: 'InstanceCrashedError',
  UNHANDLED_ERROR: 'UnhandledError',
};

/** What an instance held when it went over its memory limit, as it measured itself. */
export interface MemoryUsage {
  /** Live JS heap. */
  heapBytes: number;
  /** Memory V8 counts outside its heap: ArrayBuffers and Buffers above all. */
  externalBytes: number;
}

const toMb = (bytes: number) => Math.round(bytes / 1048576);

export function runtimeError(code: RuntimeErrorCode, message: string, extra: { stack?: string; details?: unknown } = {}): InvocationError {
  const error: InvocationError = { name: nameByCode[code] ?? 'RuntimeError', message, code, statusCode: statusByCode[code] };
  if (extra.stack !== undefined) error.stack = extra.stack;
  if (extra.details !== undefined) error.details = extra.details;
  return error;
}

export function timeoutError(functionName: string, timeoutMs: number): InvocationError {
  return runtimeError('TIMEOUT', `function "${functionName}" timed out: it did not finish within its timeout of ${timeoutMs} ms (\`timeout\` in neosl.yaml)`, {
    details: { timeoutMs },
  });
}

/** `usage`: known when the instance measured itself (heap and buffers), not when V8 ran out of heap. */
export function outOfMemoryError(functionName: string, memoryMb: number, usage?: MemoryUsage): InvocationError {
  if (usage === undefined) {
    return runtimeError('OUT_OF_MEMORY', `function "${functionName}": the instance exceeded memory limit of ${memoryMb} MB and was stopped (\`memory\` in neosl.yaml)`, {
      details: { memoryMb },
    });
  }
  const heapMb = toMb(usage.heapBytes);
  const externalMb = toMb(usage.externalBytes);
  return runtimeError(
    'OUT_OF_MEMORY',
    `function "${functionName}": the instance exceeded memory limit of ${memoryMb} MB (JS heap ${heapMb} MB + Buffers/ArrayBuffers ${externalMb} MB) and was stopped (\`memory\` in neosl.yaml)`,
    { details: { memoryMb, heapMb, externalMb } },
  );
}

export function crashError(functionName: string, reason: string, stack?: string): InvocationError {
  return runtimeError('INSTANCE_CRASHED', `function "${functionName}": the instance crashed: ${reason}`, { stack });
}

export type FaultOrigin = 'uncaughtException' | 'unhandledRejection';

/** `thrown`: what the function threw, as the instance described it (name, message, source-mapped stack). */
export function unhandledError(functionName: string, origin: FaultOrigin, thrown: Pick<InvocationError, 'name' | 'message' | 'stack'>): InvocationError {
  const what = origin === 'unhandledRejection' ? 'an unhandled promise rejection' : 'an uncaught exception';
  return runtimeError('UNHANDLED_ERROR', `function "${functionName}": ${what} ended the instance: ${thrown.name}: ${thrown.message}`, {
    stack: thrown.stack,
    details: { origin, name: thrown.name, message: thrown.message },
  });
}

export function unknownFunctionError(name: string, known: string[]): InvocationError {
  const list = known.length ? `the known functions are: ${known.join(', ')}` : 'no functions are defined';
  return runtimeError('FUNCTION_NOT_FOUND', `unknown function "${name}": ${list}`, { details: { function: name, known } });
}

export function closedError(functionName: string): InvocationError {
  return runtimeError('RUNTIME_CLOSED', `function "${functionName}": the runtime was closed before the request finished`);
}
