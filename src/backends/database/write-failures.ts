// What both engines report when a batch write fails: the error an ordered insertMany / bulkWrite
// throws where it stopped (naming what was written before and what was not attempted after), the
// failure one thrown error makes of a batch item, and the tally of a bulkWrite as it runs.
import type { BulkWriteResult, InsertManyResult, UpdateResult, WriteFailure } from '../../sdk/database-types.js';
import { DatabaseError, endSentence } from './errors.js';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "it was the last one" / "the 3 documents after it were not attempted". */
function notAttempted(rest: number, noun: string): string {
  return rest === 0 ? 'it was the last one' : `the ${plural(rest, noun)} after it ${rest === 1 ? 'was' : 'were'} not attempted`;
}

/** The error of an ordered insertMany of `total` documents that stopped at its first write error. */
export function insertManyStoppedError(where: string, total: number, written: InsertManyResult): DatabaseError {
  const { insertedCount, insertedIds, writeErrors } = written;
  const failure = writeErrors[0]!;
  return new DatabaseError(
    failure.code as DatabaseError['code'],
    `${where} stopped at document ${failure.index} of ${total}: ${endSentence(failure.message)} ` +
      `The ${plural(insertedCount, 'document')} before it ${insertedCount === 1 ? 'was' : 'were'} inserted; ` +
      `${notAttempted(total - failure.index - 1, 'document')} ` +
      `(pass { ordered: false } to insert the others and get the failures in writeErrors)`,
    { index: failure.index, insertedCount, insertedIds, writeErrors },
  );
}

/** A batch item's error as its write failure; an error that is not a DatabaseError is not about the item and is re-thrown. */
export function writeFailureOf(error: unknown, index: number): WriteFailure {
  if (!(error instanceof DatabaseError)) throw error;
  return { index, code: error.code, message: error.message };
}

/** The error a single-document write (insertOne, an upsert) throws for its failure. */
export function writeFailureError(where: string, failure: WriteFailure, cause: unknown): DatabaseError {
  return new DatabaseError(failure.code as DatabaseError['code'], `${where}: ${failure.message}`, { cause });
}

/** What one bulkWrite operation did. */
export type OperationOutcome =
  | { kind: 'inserted' }
  | { kind: 'updated'; result: UpdateResult }
  | { kind: 'deleted'; count: number }
  | { kind: 'failed'; failure: WriteFailure };

/** The counts and failures of a bulkWrite of `total` operations as they are applied. */
export class BulkWriteTally {
  result: BulkWriteResult = BulkWriteTally.empty();
  private stoppedAt: WriteFailure | undefined;

  constructor(
    private readonly ordered: boolean,
    private readonly total: number,
  ) {}

  static empty(): BulkWriteResult {
    return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, writeErrors: [] };
  }

  /** Back to nothing applied (a transaction that runs again). */
  reset(): void {
    this.result = BulkWriteTally.empty();
    this.stoppedAt = undefined;
  }

  /** Counts one operation's outcome; true when the run must stop here (ordered, and it failed). */
  record(outcome: OperationOutcome): boolean {
    const result = this.result;
    switch (outcome.kind) {
      case 'inserted':
        result.insertedCount++;
        return false;
      case 'updated':
        result.matchedCount += outcome.result.matchedCount;
        result.modifiedCount += outcome.result.modifiedCount;
        if (outcome.result.upsertedId !== null) result.upsertedCount++;
        return false;
      case 'deleted':
        result.deletedCount += outcome.count;
        return false;
      case 'failed':
        result.writeErrors.push(outcome.failure);
        if (!this.ordered) return false;
        this.stoppedAt = outcome.failure;
        return true;
    }
  }

  /** The result, or the error of an ordered run that stopped at a failure. */
  finish(where: string): BulkWriteResult {
    const stoppedAt = this.stoppedAt;
    if (stoppedAt === undefined) return this.result;
    const applied = stoppedAt.index;
    throw new DatabaseError(
      stoppedAt.code as DatabaseError['code'],
      `${where} stopped at ${endSentence(stoppedAt.message)} ` +
        `The ${plural(applied, 'operation')} before it ${applied === 1 ? 'was' : 'were'} applied; ` +
        `${notAttempted(this.total - stoppedAt.index - 1, 'operation')} ` +
        `(pass { ordered: false } to apply the others and get the failures in writeErrors)`,
      { index: stoppedAt.index, result: this.result, writeErrors: this.result.writeErrors },
    );
  }
}
