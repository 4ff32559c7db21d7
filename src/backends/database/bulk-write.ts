// bulkWrite: every operation in one transaction, in order. ordered (default): stop at the first
// failure, keep what was applied before it, and throw; ordered:false: go on and report the failures.
import type { BulkWriteResult } from '../../sdk/database-types.js';
import { didYouMean } from '../../util/suggest.js';
import type { DocumentCollection } from './collection.js';
import type { Connection } from './connection.js';
import { DatabaseError, describeType, internalSqlError } from './errors.js';
import { isPlainObject } from './values.js';
import { BulkWriteTally, type OperationOutcome, writeFailureOf } from './write-failures.js';

const OPERATION_TYPES = ['insertOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany'] as const;
type OperationType = (typeof OPERATION_TYPES)[number];

export type Operation =
  | { type: 'insertOne'; document: unknown }
  | { type: 'updateOne' | 'updateMany'; filter: unknown; update: unknown; upsert: boolean }
  | { type: 'deleteOne' | 'deleteMany'; filter: unknown };

const FIELDS: Record<OperationType, { required: string[]; optional: string[] }> = {
  insertOne: { required: ['document'], optional: [] },
  updateOne: { required: ['filter', 'update'], optional: ['upsert'] },
  updateMany: { required: ['filter', 'update'], optional: ['upsert'] },
  deleteOne: { required: ['filter'], optional: [] },
  deleteMany: { required: ['filter'], optional: [] },
};

export function parseOperation(operation: unknown, index: number, where: string): Operation {
  const fail = (message: string): never => {
    throw new DatabaseError('INVALID_OPERATION', `${where}: operation ${index} ${message}`);
  };
  const example = `{ updateOne: { filter: { id: 1 }, update: { $set: { status: 'done' } } } }`;
  if (!isPlainObject(operation)) fail(`must be an object like ${example}, got ${describeType(operation)}`);
  const keys = Object.keys(operation as object);
  if (keys.length !== 1) fail(`must have exactly one key (${OPERATION_TYPES.join(', ')}), got ${keys.length === 0 ? 'none' : keys.join(', ')}`);
  const type = keys[0]!;
  if (!(OPERATION_TYPES as readonly string[]).includes(type)) {
    const suggestion = didYouMean(type, OPERATION_TYPES);
    fail(`has unknown type "${type}"${suggestion ? `; ${suggestion}` : `; expected one of ${OPERATION_TYPES.join(', ')}`}`);
  }
  const body = (operation as Record<string, unknown>)[type];
  if (!isPlainObject(body)) fail(`(${type}) must be { ${FIELDS[type as OperationType].required.join(', ')} }, got ${describeType(body)}`);
  const fields = FIELDS[type as OperationType];
  const record = body as Record<string, unknown>;
  for (const key of fields.required) if (record[key] === undefined) fail(`(${type}) is missing "${key}"`);
  for (const key of Object.keys(record)) {
    if (!fields.required.includes(key) && !fields.optional.includes(key)) {
      const suggestion = didYouMean(key, [...fields.required, ...fields.optional]);
      fail(`(${type}) has unknown field "${key}"${suggestion ? `; ${suggestion}` : ''}`);
    }
  }
  switch (type as OperationType) {
    case 'insertOne':
      return { type: 'insertOne', document: record.document };
    case 'updateOne':
    case 'updateMany': {
      if (record.upsert !== undefined && typeof record.upsert !== 'boolean') fail(`(${type}) upsert must be true or false`);
      return { type: type as 'updateOne' | 'updateMany', filter: record.filter, update: record.update, upsert: record.upsert === true };
    }
    default:
      return { type: type as 'deleteOne' | 'deleteMany', filter: record.filter };
  }
}

/** bulkWrite's argument: an array of valid operations. */
export function parseOperations(operations: unknown, where: string): Operation[] {
  if (!Array.isArray(operations)) throw new DatabaseError('INVALID_ARGUMENT', `${where}: bulkWrite takes an array of operations, got ${describeType(operations)}`);
  return operations.map((operation, index) => parseOperation(operation, index, where));
}

/** How a bulkWrite's errors name one operation: "operation 2 (updateOne)". */
export function operationLabel(operation: Operation, index: number): string {
  return `operation ${index} (${operation.type})`;
}

/** One operation inside the caller's transaction. */
function applyOperation(collection: DocumentCollection, operation: Operation, index: number): OperationOutcome {
  const label = operationLabel(operation, index);
  switch (operation.type) {
    case 'insertOne': {
      const outcome = collection.insertDocument(operation.document, index, () => `${label}: the document`);
      return typeof outcome === 'string' ? { kind: 'inserted' } : { kind: 'failed', failure: outcome };
    }
    case 'updateOne':
    case 'updateMany':
      return { kind: 'updated', result: collection.updateWithin(operation.filter, operation.update, operation.upsert, operation.type === 'updateOne', label) };
    case 'deleteOne':
    case 'deleteMany':
      return { kind: 'deleted', count: collection.deleteWithin(operation.filter, operation.type === 'deleteOne', label) };
  }
}

export function runBulkWrite(collection: DocumentCollection, connection: Connection, operations: unknown, ordered: boolean, where: string): BulkWriteResult {
  const parsed = parseOperations(operations, where);
  const tally = new BulkWriteTally(ordered, parsed.length);
  if (parsed.length === 0) return tally.result;
  try {
    connection.write(() => {
      for (let index = 0; index < parsed.length; index++) {
        let outcome: OperationOutcome;
        try {
          outcome = applyOperation(collection, parsed[index]!, index);
        } catch (error) {
          outcome = { kind: 'failed', failure: writeFailureOf(error, index) };
        }
        if (tally.record(outcome)) break;
      }
    });
  } catch (error) {
    throw internalSqlError(error, where);
  }
  return tally.finish(where);
}
