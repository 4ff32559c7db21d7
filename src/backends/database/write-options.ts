// The options of the write calls, read the same way by both engines: { ordered } of insertMany and
// bulkWrite, { upsert } of updateOne/updateMany. `where` names the call in the error.
import { DatabaseError, describeType, show } from './errors.js';
import { isPlainObject } from './values.js';

/** The boolean option `name` of an options object (`fallback` when absent); the error's example sets it to the other value. */
function booleanOption(options: unknown, where: string, name: 'ordered' | 'upsert', fallback: boolean): boolean {
  if (options === undefined || options === null) return fallback;
  if (!isPlainObject(options)) throw new DatabaseError('INVALID_ARGUMENT', `${where}: options must be an object like { ${name}: ${!fallback} }, got ${describeType(options)}`);
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new DatabaseError('INVALID_ARGUMENT', `${where}: ${name} must be true or false, got ${show(value)}`);
  return value;
}

/** insertMany / bulkWrite: ordered (the default) unless { ordered: false }. */
export function orderedOption(options: unknown, where: string): boolean {
  return booleanOption(options, where, 'ordered', true);
}

/** updateOne / updateMany: no upsert unless { upsert: true }. */
export function upsertOption(options: unknown, where: string): boolean {
  return booleanOption(options, where, 'upsert', false);
}
