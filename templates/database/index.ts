import { NeoError, type NeoFunction } from '@neo-service/sdk/function';
import type { BulkWriteOperation, Collection, Database, WriteFailure } from '@neo-service/sdk';

export type TransactionStatus = 'pending' | 'confirmed' | 'failed';

/** A stored transaction (the database adds `_id`). */
export interface Transaction {
  hash: string;
  status: TransactionStatus;
  /** Epoch milliseconds. */
  timestamp: number;
  asset?: string;
  /** In the asset's smallest unit, as a decimal string. */
  amount?: string;
}

/** What `update` may change; `hash` picks the transaction. */
export type TransactionUpdate = { hash: string } & Partial<Omit<Transaction, 'hash'>>;

export type TransactionsInput =
  | { action: 'ingest'; records: Transaction[] }
  | { action: 'query'; since?: number; status?: TransactionStatus; limit?: number }
  | { action: 'update'; updates: TransactionUpdate[] };

export type TransactionSummary = Pick<Transaction, 'hash' | 'status' | 'timestamp'> & { _id: string };

export type TransactionsOutput =
  | { action: 'ingest'; inserted: number; failed: number; batches: number; errors: WriteFailure[] }
  | { action: 'query'; count: number; transactions: TransactionSummary[] }
  | { action: 'update'; matched: number; modified: number; failed: number };

// The collection is named after the function. (Collections are also properties of the
// database, as in the guide: `context.database.__fn__`.)
const COLLECTION = '__fn__';
const BATCH_SIZE = 1000;
const MAX_LIMIT = 1000;
const SLOW_QUERY_MS = 200;
const STATUSES: readonly string[] = ['pending', 'confirmed', 'failed'] satisfies TransactionStatus[];
const UPDATABLE = new Set(['status', 'timestamp', 'asset', 'amount']);

// Use global scope for reusable resources: indexes are created once per instance (per
// database), not on every request.
const indexesReady = new WeakMap<Database, Promise<void>>();

function ensureIndexes(database: Database): Promise<void> {
  let ready = indexesReady.get(database);
  if (!ready) {
    ready = (async () => {
      // Use indexes (as in the guide): lookups by hash, newest first. Unique, so re-ingesting
      // a transaction is reported as a failure instead of stored twice.
      await database.createIndex(COLLECTION, { hash: 1, timestamp: -1 }, { unique: true });
      // Serves the query below: equality on status, then range and sort on timestamp.
      await database.createIndex(COLLECTION, { status: 1, timestamp: -1 });
    })();
    ready.catch(() => indexesReady.delete(database)); // failed: try again on the next call
    indexesReady.set(database, ready);
  }
  return ready;
}

export const __fn__: NeoFunction<TransactionsInput, TransactionsOutput> = async (input, context) => {
  await ensureIndexes(context.database);
  const transactions = context.database.collection<Transaction>(COLLECTION);

  switch (input?.action) {
    case 'ingest': {
      const records = validateRecords(input.records);
      const result = await batchInsert(transactions, records);
      context.logger.info('Transactions ingested', { inserted: result.inserted, failed: result.failed });
      context.metrics.increment('__fn__.ingested', result.inserted);
      return { action: 'ingest', ...result };
    }

    case 'query': {
      const since = input.since ?? 0;
      const status = input.status ?? 'confirmed';
      const limit = input.limit ?? 100;
      if (typeof since !== 'number' || !STATUSES.includes(status) || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        throw new NeoError('INVALID_INPUT', `query takes since (ms), status (${STATUSES.join('|')}) and limit (1-${MAX_LIMIT})`);
      }

      const span = context.tracer.startSpan('database.query', { attributes: { collection: COLLECTION, limit } });
      const timer = context.metrics.startTimer();
      try {
        // Efficient queries (as in the guide): the filter and sort match the status+timestamp
        // index, only the needed fields are read, and the result is bounded.
        const rows = await transactions
          .find({ timestamp: { $gt: since }, status })
          .select('hash status timestamp')
          .limit(limit)
          .sort({ timestamp: -1 });
        span.setAttribute('rows', rows.length);
        return { action: 'query', count: rows.length, transactions: rows as TransactionSummary[] };
      } finally {
        const duration = timer.end();
        span.end();
        context.metrics.histogram('__fn__.query.duration', duration);
        if (duration > SLOW_QUERY_MS) {
          context.logger.warn('Slow operation detected', { operation: 'query', duration, threshold: SLOW_QUERY_MS });
        }
      }
    }

    case 'update': {
      const updates = validateUpdates(input.updates);
      const result = await batchUpdate(transactions, updates);
      context.metrics.increment('__fn__.updated', result.modified);
      return { action: 'update', ...result };
    }

    default:
      throw new NeoError('INVALID_INPUT', 'action must be "ingest", "query" or "update"');
  }
};

/** Batch inserts (the guide's batchInsert): chunks of 1000, unordered, failures collected. */
async function batchInsert(collection: Collection<Transaction>, records: Transaction[]) {
  let inserted = 0;
  let batches = 0;
  const errors: WriteFailure[] = [];
  for (let i = 0; i < records.length; i += BATCH_SIZE) {
    const batch = records.slice(i, i + BATCH_SIZE);
    // ordered: false: a bad record (e.g. a duplicate) does not stop the rest of its batch.
    const result = await collection.insertMany(batch, { ordered: false });
    inserted += result.insertedCount;
    batches += 1;
    // Report positions in the whole input, not in the batch.
    errors.push(...result.writeErrors.map((failure) => ({ ...failure, index: failure.index + i })));
  }
  return { inserted, failed: errors.length, batches, errors: errors.slice(0, 100) };
}

/** Batch updates (the guide's batchUpdate): one unordered bulkWrite of `updateOne` + `$set`. */
async function batchUpdate(collection: Collection<Transaction>, updates: TransactionUpdate[]) {
  const operations: BulkWriteOperation<Transaction>[] = updates.map(({ hash, ...fields }) => ({
    updateOne: {
      filter: { hash },
      update: { $set: fields },
    },
  }));

  const result = await collection.bulkWrite(operations, { ordered: false });
  return { matched: result.matchedCount, modified: result.modifiedCount, failed: result.writeErrors.length };
}

function validateRecords(records: unknown): Transaction[] {
  if (!Array.isArray(records)) {
    throw new NeoError('INVALID_INPUT', 'ingest takes records: an array of transactions');
  }
  const invalid: number[] = [];
  records.forEach((record: Partial<Transaction> | null, index) => {
    const ok =
      typeof record === 'object' && record !== null &&
      typeof record.hash === 'string' && record.hash !== '' &&
      typeof record.status === 'string' && STATUSES.includes(record.status) &&
      typeof record.timestamp === 'number' && Number.isFinite(record.timestamp);
    if (!ok) invalid.push(index);
  });
  if (invalid.length > 0) {
    throw new NeoError('INVALID_INPUT', 'Each record needs hash (string), status and timestamp (ms)', {
      invalidIndexes: invalid.slice(0, 20),
    });
  }
  return records as Transaction[];
}

function validateUpdates(updates: unknown): TransactionUpdate[] {
  if (!Array.isArray(updates)) {
    throw new NeoError('INVALID_INPUT', 'update takes updates: an array of { hash, ...fields }');
  }
  updates.forEach((update: Record<string, unknown> | null, index) => {
    const fields = typeof update === 'object' && update !== null ? Object.keys(update).filter((key) => key !== 'hash') : [];
    if (
      typeof update?.hash !== 'string' ||
      fields.length === 0 ||
      fields.some((key) => !UPDATABLE.has(key)) ||
      ('status' in update && !STATUSES.includes(update.status as string))
    ) {
      throw new NeoError('INVALID_INPUT', `updates[${index}] needs a hash and at least one of ${[...UPDATABLE].join(', ')}`, {
        index,
      });
    }
  });
  return updates as TransactionUpdate[];
}
