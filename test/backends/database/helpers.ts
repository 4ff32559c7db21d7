// Helpers for the database tests: a SQLite database closed after the test (for SQLite-only cases;
// tests that hold on every engine use engines.ts: describeEachEngine / engine.open()), and the
// DatabaseError a call rejects or throws with.
import { afterEach } from 'vitest';
import { type DocumentDatabase, openDocumentDatabase } from '../../../src/backends/database/document-database.js';
import { DatabaseError } from '../../../src/backends/database/errors.js';

const opened: DocumentDatabase[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A database closed after the test. */
export function openTestDatabase(file = ':memory:'): DocumentDatabase {
  const db = openDocumentDatabase({ file });
  opened.push(db);
  return db;
}

/** The DatabaseError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function rejection(promise: PromiseLike<unknown>): Promise<DatabaseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatabaseError) return error;
    throw error;
  }
  throw new Error('expected a DatabaseError, but the promise resolved');
}

/** The DatabaseError a function throws synchronously. */
export function thrown(body: () => unknown): DatabaseError {
  try {
    body();
  } catch (error) {
    if (error instanceof DatabaseError) return error;
    throw error;
  }
  throw new Error('expected a DatabaseError, but nothing was thrown');
}
