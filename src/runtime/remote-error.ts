// Errors of service calls (redis, chain, functions.execute) crossing the port. Structured clone
// keeps only a standard error's name, message and stack; a RpcError's code or a NeoError's details
// travel as plain `props` and are put back on an error of the same class where it is known.
import { RpcError } from '../backends/chain/rpc-error.js';
import { NeoError } from '../sdk/neo-error.js';
import { PermissionDeniedError } from '../sdk/permissions.js';
import { serializeFields } from '../sdk/observability/serialize-fields.js';
import type { RemoteError } from './protocol.js';

const classes: Record<string, { prototype: Error }> = {
  RpcError,
  NeoError,
  PermissionDeniedError,
  TypeError,
  RangeError,
  SyntaxError,
};

export function toRemoteError(error: unknown): RemoteError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const remote: RemoteError = { name: error.name, message: error.message };
  if (error.stack !== undefined) remote.stack = error.stack;
  const own = Object.keys(error).filter((key) => key !== 'name' && key !== 'message' && key !== 'stack');
  if (own.length) remote.props = serializeFields(Object.fromEntries(own.map((key) => [key, (error as unknown as Record<string, unknown>)[key]])));
  return remote;
}

/**
 * The error to reject with in the instance. `callSite`, an Error made where the call was issued,
 * lends its frames, so that the stack points at the user's call rather than at the port.
 */
export function reviveRemoteError(remote: RemoteError, callSite?: Error): Error {
  const error = new Error(remote.message);
  const known = Object.hasOwn(classes, remote.name) ? classes[remote.name] : undefined;
  if (known) Object.setPrototypeOf(error, known.prototype);
  if (error.name !== remote.name) Object.defineProperty(error, 'name', { value: remote.name, writable: true, configurable: true, enumerable: false });
  if (remote.props) Object.assign(error, remote.props);
  const frames = callSite?.stack?.split('\n').slice(1).join('\n');
  error.stack = frames ? `${remote.name}: ${remote.message}\n${frames}` : (remote.stack ?? `${remote.name}: ${remote.message}`);
  return error;
}
