// bulkWrite: every operation in one transaction, in order. ordered (default): stop at the first
// failure, keep what was applied before it, and throw; ordered:false: go on and report the failures.
import type { BulkWriteResult, WriteFailure } from '../../sdk/database-types.js';
import { didYouMean } from '../../util/suggest.js';
import type { DocumentCollection } from './collection.js';
import type { Connection } from './connection.js';
import { DatabaseError, describeType, endSentence, internalSqlError } from './errors.js';
import { isPlainObject } from './values.js';

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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function runBulkWrite(collection: DocumentCollection, connection: Connection, operations: unknown, ordered: boolean, where: string): BulkWriteResult {
  if (!Array.isArray(operations)) throw new DatabaseError('INVALID_ARGUMENT', `${where}: bulkWrite takes an array of operations, got ${describeType(operations)}`);
  const parsed = operations.map((operation, index) => parseOperation(operation, index, where));
  const result: BulkWriteResult = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, writeErrors: [] };
  if (parsed.length === 0) return result;
  let stoppedAt: WriteFailure | undefined;
  try {
    connection.write(() => {
      for (let index = 0; index < parsed.length; index++) {
        const operation = parsed[index]!;
        const label = `operation ${index} (${operation.type})`;
        let failure: WriteFailure | undefined;
        try {
          switch (operation.type) {
            case 'insertOne': {
              const outcome = collection.insertDocument(operation.document, index, () => `${label}: the document`);
              if (typeof outcome === 'string') result.insertedCount++;
              else failure = outcome;
              break;
            }
            case 'updateOne':
            case 'updateMany': {
              const outcome = collection.updateWithin(operation.filter, operation.update, operation.upsert, operation.type === 'updateOne', label);
              result.matchedCount += outcome.matchedCount;
              result.modifiedCount += outcome.modifiedCount;
              if (outcome.upsertedId !== null) result.upsertedCount++;
              break;
            }
            case 'deleteOne':
            case 'deleteMany':
              result.deletedCount += collection.deleteWithin(operation.filter, operation.type === 'deleteOne', label);
              break;
          }
        } catch (error) {
          if (!(error instanceof DatabaseError)) throw error;
          failure = { index, code: error.code, message: error.message };
        }
        if (failure) {
          result.writeErrors.push(failure);
          if (ordered) {
            stoppedAt = failure;
            break;
          }
        }
      }
    });
  } catch (error) {
    throw internalSqlError(error, where);
  }
  if (stoppedAt) {
    const applied = stoppedAt.index;
    const rest = parsed.length - stoppedAt.index - 1;
    throw new DatabaseError(
      stoppedAt.code as DatabaseError['code'],
      `${where} stopped at ${endSentence(stoppedAt.message)} ` +
        `The ${plural(applied, 'operation')} before it ${applied === 1 ? 'was' : 'were'} applied; ` +
        `${rest === 0 ? 'it was the last one' : `the ${plural(rest, 'operation')} after it ${rest === 1 ? 'was' : 'were'} not attempted`} ` +
        `(pass { ordered: false } to apply the others and get the failures in writeErrors)`,
      { index: stoppedAt.index, result, writeErrors: result.writeErrors },
    );
  }
  return result;
}
