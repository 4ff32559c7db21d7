// One collection on PostgreSQL = one table (_id text PRIMARY KEY, doc jsonb NOT NULL): the
// document API with the SQLite engine's results, errors and messages. Filters and sorts compile
// to SQL (expressions.ts); updates are applied in JS (query/apply-update.ts) to the matched rows,
// locked with SELECT … FOR UPDATE, and written back in the same transaction, after every matched
// document passed the update's checks (a document the update cannot apply to fails the whole
// call, and nothing is written). Batch writes run in one transaction; a failing document or
// operation is rolled back to its savepoint, so ordered/unordered semantics match SQLite's.
import type pg from 'pg';
import type {
  BulkWriteOperation,
  BulkWriteOptions,
  BulkWriteResult,
  Collection,
  DeleteResult,
  Document,
  FindCursor,
  InsertManyResult,
  InsertOneResult,
  UpdateOptions,
  UpdateResult,
  WithId,
  WriteFailure,
} from '../../../sdk/database-types.js';
import { type Operation, operationLabel, parseOperations } from '../bulk-write.js';
import type { FindSpec } from '../cursor.js';
import { type SerializedDocument, serializeDocument } from '../document.js';
import { DatabaseError, describeType, show } from '../errors.js';
import { quoteIdentifier } from '../paths.js';
import { parseProjection } from '../projection.js';
import { applyUpdate, failedCheck } from '../query/apply-update.js';
import { equalityFields } from '../query/filter-model.js';
import { collectDocumentTypes, newPathTypes, type PathTypes } from '../query/path-types.js';
import { type UpdateModel, parseUpdate, updateSetId, updateWrites } from '../query/update-model.js';
import { BulkWriteTally, insertManyStoppedError, writeFailureError, type OperationOutcome, writeFailureOf } from '../write-failures.js';
import { orderedOption, upsertOption } from '../write-options.js';
import { PostgresCursor } from './cursor.js';
import type { PostgresEngine } from './engine.js';
import { type ParsedFilter, filterSql, parsePostgresFilter, parsePostgresSort, sortSql } from './expressions.js';
import { describeUniqueViolation } from './indexes.js';
import type { PostgresPathTypes } from './path-type-store.js';
import { applyProjection } from './projection.js';
import { isConnectionError, pgCode, unavailableError } from './pg-errors.js';

const documentAt = (index: number): string => `document ${index}`;
/** Rows per multi-row INSERT of insertMany. */
const INSERT_CHUNK = 1000;

/** An error of a statement we generated: connection loss passes through; others become SQL_ERROR naming the operation. */
function internalError(error: unknown, where: string, sql?: string): unknown {
  if (error instanceof DatabaseError || isConnectionError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DatabaseError('SQL_ERROR', `${where}: ${message}`, { sql, pgCode: pgCode(error), cause: error });
}

/** The path types of one write transaction: the known map, and what this transaction added. */
class TypeWrites {
  private known: Map<string, number> | undefined;
  private readonly added = new Map<string, number>();

  constructor(
    private readonly store: PostgresPathTypes,
    private readonly client: pg.ClientBase,
    private readonly collection: string,
  ) {}

  async current(): Promise<PathTypes> {
    this.known ??= new Map(await this.store.get(this.client, this.collection));
    return this.known;
  }

  async add(found: ReadonlyMap<string, number>): Promise<void> {
    const known = (await this.current()) as Map<string, number>;
    const added = await this.store.record(this.client, this.collection, known, found);
    if (added === undefined) return;
    for (const [path, bits] of added) {
      known.set(path, (known.get(path) ?? 0) | bits);
      this.added.set(path, (this.added.get(path) ?? 0) | bits);
    }
  }

  committed(): void {
    if (this.added.size > 0) this.store.committed(this.collection, this.added);
  }
}

export class PostgresCollection<T extends Document = Document> implements Collection<T> {
  readonly name: string;
  private readonly table: string;
  private readonly serialized: SerializedDocument = { id: '', json: '' };

  constructor(
    private readonly engine: PostgresEngine,
    private readonly types: PostgresPathTypes,
    name: string,
  ) {
    this.name = name;
    this.table = quoteIdentifier(name);
  }

  private where(method: string): string {
    return `${method} on "${this.name}"`;
  }

  /** Runs a read; a table dropped underneath (through query()) is created again once. */
  private async read<R>(where: string, body: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.engine.read(where, async (client) => {
          await this.engine.ensureTable(client, this.name);
          return body(client);
        });
      } catch (error) {
        if (pgCode(error) === '42P01' && attempt === 0) {
          this.engine.tablesChanged();
          continue;
        }
        throw internalError(error, where);
      }
    }
  }

  /** Runs a write transaction with the collection's path types; a missing table is created and the transaction run again once. */
  private async write<R>(where: string, body: (client: pg.PoolClient, types: TypeWrites) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      let types: TypeWrites | undefined;
      try {
        await this.engine.ensureTableFor(where, this.name);
        const result = await this.engine.transaction(where, async (client) => {
          types = new TypeWrites(this.types, client, this.name);
          return body(client, types);
        });
        types?.committed();
        return result;
      } catch (error) {
        if (pgCode(error) === '42P01' && attempt === 0) {
          this.engine.tablesChanged();
          continue;
        }
        throw internalError(error, where);
      }
    }
  }

  /** Runs `body` inside a savepoint: on failure only its statements are undone. */
  private async attempt<R>(client: pg.ClientBase, body: () => Promise<R>): Promise<R> {
    await client.query('SAVEPOINT neosl_attempt');
    try {
      const result = await body();
      await client.query('RELEASE SAVEPOINT neosl_attempt');
      return result;
    } catch (error) {
      if (!isConnectionError(error)) await client.query('ROLLBACK TO SAVEPOINT neosl_attempt');
      throw error;
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  find(filter: Record<string, unknown> = {}): FindCursor<T> {
    return new PostgresCursor<T>({ findAll: (spec) => this.findAll(spec), findSql: (spec) => this.findSql(spec) }, filter);
  }

  private async compileFind(client: pg.ClientBase, spec: FindSpec, node: ParsedFilter, keys: ReturnType<typeof parsePostgresSort>): Promise<{ sql: string; params: unknown[] }> {
    const types = await this.types.get(client, this.name);
    const condition = filterSql(node, types);
    const order = sortSql(keys, types);
    let sql = `SELECT doc FROM ${this.table}`;
    if (condition.sql !== '') sql += ` WHERE ${condition.sql}`;
    if (order !== '') sql += ` ORDER BY ${order}`;
    if (spec.limit) sql += ` LIMIT ${spec.limit}`;
    if (spec.skip) sql += ` OFFSET ${spec.skip}`;
    return { sql, params: condition.params };
  }

  async findSql(spec: FindSpec): Promise<{ sql: string; params: unknown[] }> {
    const where = this.where('find');
    const node = parsePostgresFilter(spec.filter, where);
    const keys = parsePostgresSort(spec.sort, where);
    return this.read(where, (client) => this.compileFind(client, spec, node, keys));
  }

  async findAll(spec: FindSpec): Promise<unknown[]> {
    const where = this.where('find');
    const node = parsePostgresFilter(spec.filter, where);
    const keys = parsePostgresSort(spec.sort, where);
    const projection = spec.select === undefined ? undefined : parseProjection(spec.select, where);
    return this.read(where, async (client) => {
      const { sql, params } = await this.compileFind(client, spec, node, keys);
      const { rows } = await client.query<{ doc: Record<string, unknown> }>(sql, params);
      return rows.map((row) => applyProjection(row.doc, projection));
    });
  }

  async findOne(filter: Record<string, unknown> = {}): Promise<WithId<T> | null> {
    const where = this.where('findOne');
    const node = parsePostgresFilter(filter, where);
    return this.read(where, async (client) => {
      const { sql, params } = await this.compileFind(client, { filter, limit: 1 }, node, []);
      const { rows } = await client.query<{ doc: WithId<T> }>(sql, params);
      return rows[0]?.doc ?? null;
    });
  }

  async countDocuments(filter: Record<string, unknown> = {}): Promise<number> {
    const where = this.where('countDocuments');
    const node = parsePostgresFilter(filter, where);
    return this.read(where, async (client) => {
      const condition = filterSql(node, await this.types.get(client, this.name));
      const { rows } = await client.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM ${this.table}${condition.sql === '' ? '' : ` WHERE ${condition.sql}`}`,
        condition.params,
      );
      return rows[0]!.count;
    });
  }

  // ---- inserts -----------------------------------------------------------------------------

  /** A failed insert as a write failure; errors that are not about the document are re-thrown. */
  private async insertFailure(client: pg.ClientBase, error: unknown, index: number, id: string, document: unknown, subject: string): Promise<WriteFailure> {
    if (error instanceof DatabaseError) return { index, code: error.code, message: error.message };
    const code = pgCode(error);
    if (code === '23505') {
      const detail = String((error as { detail?: unknown }).detail ?? '');
      if (detail.startsWith('Key (_id)=')) {
        return { index, code: 'DUPLICATE_KEY', message: `${subject} has a duplicate _id ${JSON.stringify(id)}: "${this.name}" already has a document with this _id` };
      }
      return { index, code: 'DUPLICATE_KEY', message: `${subject} is a duplicate key: ${await describeUniqueViolation(client, error, document)}` };
    }
    if (code === '22P05' || code === '22P02') {
      // jsonb refuses what JSON allows but PostgreSQL text cannot hold (\u0000).
      return { index, code: 'INVALID_DOCUMENT', message: `${subject} cannot be stored in PostgreSQL: ${(error as Error).message}` };
    }
    throw error;
  }

  private insertRow(client: pg.ClientBase, id: string, json: string): Promise<unknown> {
    return client.query(`INSERT INTO ${this.table} (_id, doc) VALUES ($1, $2::jsonb)`, [id, json]);
  }

  /** Inserts one document inside a savepoint of the caller's transaction; its _id, or a write failure. */
  private async insertDocument(client: pg.ClientBase, types: TypeWrites, document: unknown, index: number, subject: (index: number) => string): Promise<string | WriteFailure> {
    const out: SerializedDocument = { id: '', json: '' };
    try {
      serializeDocument(document, subject, index, out);
      const found = new Map<string, number>();
      collectDocumentTypes(JSON.parse(out.json) as Record<string, unknown>, found);
      await this.attempt(client, async () => {
        await types.add(found);
        await this.insertRow(client, out.id, out.json);
      });
      return out.id;
    } catch (error) {
      return this.insertFailure(client, error, index, out.id, document, subject(index));
    }
  }

  /**
   * insertOne's common case in one statement, without a transaction: the table is known to exist
   * and the document adds no path types (so there is nothing else to write). False when that does
   * not hold, and the caller takes the transaction path.
   */
  private async insertPlain(where: string, id: string, json: string, found: ReadonlyMap<string, number>, document: unknown): Promise<boolean> {
    const known = this.types.peek(this.name);
    if (known === undefined || !this.engine.hasTable(this.name) || newPathTypes(known, found).size > 0) return false;
    const client = await this.engine.connect(where);
    try {
      await this.insertRow(client, id, json);
    } catch (error) {
      const lost = isConnectionError(error);
      client.release(lost);
      if (lost) throw unavailableError(this.engine.url, where, error, 'the connection was lost during the insert: the document may or may not have been written');
      if (pgCode(error) === '42P01') {
        this.engine.tablesChanged();
        return false;
      }
      const failure = await this.engine.read(where, (reader) => this.insertFailure(reader, error, 0, id, document, 'the document'));
      throw writeFailureError(where, failure, error);
    }
    client.release();
    return true;
  }

  async insertOne(document: T): Promise<InsertOneResult> {
    const where = this.where('insertOne');
    this.engine.assertOpen(where);
    const out = this.serialized;
    serializeDocument(document, () => `${where}: the document`, 0, out);
    const { id, json } = out;
    const found = new Map<string, number>();
    collectDocumentTypes(JSON.parse(json) as Record<string, unknown>, found);
    if (await this.insertPlain(where, id, json, found, document)) return { insertedId: id };
    await this.write(where, async (client, types) => {
      try {
        await this.attempt(client, async () => {
          await types.add(found);
          await this.insertRow(client, id, json);
        });
      } catch (error) {
        const failure = await this.insertFailure(client, error, 0, id, document, 'the document');
        throw writeFailureError(where, failure, error);
      }
    });
    return { insertedId: id };
  }

  async insertMany(documents: T[], options?: BulkWriteOptions): Promise<InsertManyResult> {
    const where = this.where('insertMany');
    if (!Array.isArray(documents)) throw new DatabaseError('INVALID_ARGUMENT', `${where}: insertMany takes an array of documents, got ${describeType(documents)}`);
    const ordered = orderedOption(options, where);
    this.engine.assertOpen(where);
    const insertedIds: Record<number, string> = {};
    const writeErrors: WriteFailure[] = [];
    let insertedCount = 0;
    if (documents.length === 0) return { insertedCount, insertedIds, writeErrors };

    // Serialise first: a document JSON cannot hold fails without a round trip.
    const prepared: ({ index: number; id: string; json: string } | WriteFailure)[] = [];
    for (let i = 0; i < documents.length; i++) {
      const out: SerializedDocument = { id: '', json: '' };
      try {
        serializeDocument(documents[i], documentAt, i, out);
        prepared.push({ index: i, id: out.id, json: out.json });
      } catch (error) {
        if (!(error instanceof DatabaseError)) throw error;
        prepared.push({ index: i, code: error.code, message: error.message });
        if (ordered) break;
      }
    }

    await this.write(where, async (client, types) => {
      // Reset (the transaction may run again after a missing table).
      insertedCount = 0;
      writeErrors.length = 0;
      for (const key of Object.keys(insertedIds)) delete insertedIds[Number(key)];
      const found = new Map<string, number>();
      // From the documents as given (serializeDocument accepted them: Dates count as strings).
      for (const item of prepared) if (!('code' in item)) collectDocumentTypes(documents[item.index] as Record<string, unknown>, found);
      await types.add(found);
      let stopped = false;
      for (let start = 0; start < prepared.length && !stopped; start += INSERT_CHUNK) {
        const chunk = prepared.slice(start, start + INSERT_CHUNK);
        const rows = chunk.filter((item): item is { index: number; id: string; json: string } => !('code' in item));
        const clean = rows.length === chunk.length;
        if (clean) {
          // Fast path: the whole chunk in one statement; on a duplicate, one by one to find it.
          try {
            await this.attempt(client, () =>
              // One JSON array per chunk (each document carries its _id): about twice as fast as
              // unnest of text[]/jsonb[] parameters, which pg escapes element by element.
              client.query(`INSERT INTO ${this.table} (_id, doc) SELECT e->>'_id', e FROM jsonb_array_elements($1::jsonb) AS e`, [`[${rows.map((row) => row.json).join(',')}]`]),
            );
            for (const row of rows) {
              insertedIds[row.index] = row.id;
              insertedCount++;
            }
            continue;
          } catch (error) {
            const code = pgCode(error);
            if (code !== '23505' && code !== '22P05' && code !== '22P02') throw error;
          }
        }
        for (const item of chunk) {
          if ('code' in item) {
            writeErrors.push(item);
            if (ordered) {
              stopped = true;
              break;
            }
            continue;
          }
          try {
            await this.attempt(client, () => this.insertRow(client, item.id, item.json));
          } catch (error) {
            writeErrors.push(await this.insertFailure(client, error, item.index, item.id, documents[item.index], documentAt(item.index)));
            if (ordered) {
              stopped = true;
              break;
            }
            continue;
          }
          insertedIds[item.index] = item.id;
          insertedCount++;
        }
      }
    });
    if (ordered && writeErrors.length > 0) throw insertManyStoppedError(where, documents.length, { insertedCount, insertedIds, writeErrors });
    return { insertedCount, insertedIds, writeErrors };
  }

  // ---- updates -----------------------------------------------------------------------------

  /**
   * updateOne / updateMany inside the caller's transaction: lock the matching rows, check every
   * one, then write the changed ones back (or insert the upserted document).
   */
  private async updateWithin(client: pg.ClientBase, types: TypeWrites, filter: unknown, update: unknown, upsert: boolean, one: boolean, where: string): Promise<UpdateResult> {
    const node = parsePostgresFilter(filter, where);
    const model = parseUpdate(update, where);
    const known = await types.current();
    const condition = filterSql(node, known);
    const { rows } = await client.query<{ _id: string; doc: Record<string, unknown> }>(
      `SELECT _id, doc FROM ${this.table}${condition.sql === '' ? '' : ` WHERE ${condition.sql}`}${one ? ' LIMIT 1' : ''} FOR UPDATE`,
      condition.params,
    );
    if (rows.length === 0) {
      if (!upsert) return { matchedCount: 0, modifiedCount: 0, upsertedId: null };
      return { matchedCount: 0, modifiedCount: 0, upsertedId: await this.upsert(client, types, filter, model, where) };
    }
    // The first check any document fails, reported for the smallest _id failing it (as SQLite does).
    let failure: { index: number; message: string; id: string } | undefined;
    for (const row of rows) {
      const failed = failedCheck(row.doc, model, false);
      if (failed === undefined) continue;
      if (failure === undefined || failed.index < failure.index || (failed.index === failure.index && row._id < failure.id)) failure = { ...failed, id: row._id };
    }
    if (failure !== undefined) throw new DatabaseError('INVALID_UPDATE', `${where}: ${failure.message}`);
    const ids: string[] = [];
    const jsons: string[] = [];
    for (const row of rows) {
      const before = JSON.stringify(row.doc);
      const after = JSON.stringify(applyUpdate(row.doc, model, { inserting: false, where }));
      if (after === before) continue;
      ids.push(row._id);
      jsons.push(after);
    }
    if (ids.length > 0) {
      await types.add(updateWrites(model, known));
      try {
        await this.attempt(client, () =>
          client.query(`UPDATE ${this.table} AS t SET doc = v.doc FROM unnest($1::text[], $2::jsonb[]) AS v(id, doc) WHERE t._id = v.id`, [ids, jsons]),
        );
      } catch (error) {
        if (pgCode(error) === '23505') {
          throw new DatabaseError('DUPLICATE_KEY', `${where}: the update would make a duplicate key: ${await describeUniqueViolation(client, error, undefined)}`, { cause: error });
        }
        throw error;
      }
    }
    return { matchedCount: rows.length, modifiedCount: ids.length, upsertedId: null };
  }

  /** Inserts the document the filter's equality fields describe, with the update applied to it. */
  private async upsert(client: pg.ClientBase, types: TypeWrites, filter: unknown, model: UpdateModel, where: string): Promise<string> {
    const base = equalityFields(filter);
    const setId = updateSetId(model, true);
    if (setId !== undefined) {
      if (base._id !== undefined && base._id !== setId) {
        throw new DatabaseError('INVALID_UPDATE', `${where}: the upsert's filter has _id ${show(base._id)} but $set._id is ${show(setId)}`);
      }
      base._id = setId;
    }
    const out: SerializedDocument = { id: '', json: '' };
    serializeDocument(base, () => `${where}: the upserted document (built from the filter's equality fields)`, 0, out);
    const document = applyUpdate(JSON.parse(out.json) as Record<string, unknown>, model, { inserting: true, where });
    const json = JSON.stringify(document);
    const found = new Map<string, number>();
    collectDocumentTypes(document, found);
    try {
      await this.attempt(client, async () => {
        await types.add(found);
        await this.insertRow(client, out.id, json);
      });
    } catch (error) {
      const failure = await this.insertFailure(client, error, 0, out.id, base, 'the upserted document');
      throw writeFailureError(where, failure, error);
    }
    return out.id;
  }

  private async updateCall(method: 'updateOne' | 'updateMany', filter: unknown, update: unknown, options: unknown): Promise<UpdateResult> {
    const where = this.where(method);
    const upsert = upsertOption(options, where);
    this.engine.assertOpen(where);
    // Validate before taking a connection (the same errors as inside the transaction).
    parsePostgresFilter(filter, where);
    parseUpdate(update, where);
    return this.write(where, (client, types) => this.updateWithin(client, types, filter, update, upsert, method === 'updateOne', where));
  }

  updateOne(filter: Record<string, unknown>, update: Record<string, unknown>, options?: UpdateOptions): Promise<UpdateResult> {
    return this.updateCall('updateOne', filter, update, options);
  }

  updateMany(filter: Record<string, unknown>, update: Record<string, unknown>, options?: UpdateOptions): Promise<UpdateResult> {
    return this.updateCall('updateMany', filter, update, options);
  }

  // ---- deletes -----------------------------------------------------------------------------

  private async deleteWithin(client: pg.ClientBase, types: TypeWrites, filter: unknown, one: boolean, where: string): Promise<number> {
    const node = parsePostgresFilter(filter, where);
    const condition = filterSql(node, await types.current());
    const filterPart = condition.sql === '' ? '' : ` WHERE ${condition.sql}`;
    const sql = one
      ? `DELETE FROM ${this.table} WHERE _id = (SELECT _id FROM ${this.table}${filterPart} LIMIT 1 FOR UPDATE)`
      : `DELETE FROM ${this.table}${filterPart}`;
    const { rowCount } = await client.query(sql, condition.params);
    return rowCount ?? 0;
  }

  private async deleteCall(method: 'deleteOne' | 'deleteMany', filter: unknown): Promise<DeleteResult> {
    const where = this.where(method);
    this.engine.assertOpen(where);
    parsePostgresFilter(filter, where);
    return { deletedCount: await this.write(where, (client, types) => this.deleteWithin(client, types, filter, method === 'deleteOne', where)) };
  }

  deleteOne(filter: Record<string, unknown>): Promise<DeleteResult> {
    return this.deleteCall('deleteOne', filter);
  }

  deleteMany(filter: Record<string, unknown>): Promise<DeleteResult> {
    return this.deleteCall('deleteMany', filter);
  }

  // ---- bulk --------------------------------------------------------------------------------

  /** Every operation in one transaction, in order, each in a savepoint (see ../bulk-write.ts for the semantics). */
  async bulkWrite(operations: BulkWriteOperation<T>[], options?: BulkWriteOptions): Promise<BulkWriteResult> {
    const where = this.where('bulkWrite');
    const ordered = orderedOption(options, where);
    this.engine.assertOpen(where);
    const parsed = parseOperations(operations, where);
    const tally = new BulkWriteTally(ordered, parsed.length);
    if (parsed.length === 0) return tally.result;
    await this.write(where, async (client, types) => {
      tally.reset();
      for (let index = 0; index < parsed.length; index++) {
        let outcome: OperationOutcome;
        try {
          outcome = await this.applyOperation(client, types, parsed[index]!, index);
        } catch (error) {
          outcome = { kind: 'failed', failure: writeFailureOf(error, index) };
        }
        if (tally.record(outcome)) break;
      }
    });
    return tally.finish(where);
  }

  /** One bulkWrite operation inside the caller's transaction, in a savepoint. */
  private async applyOperation(client: pg.ClientBase, types: TypeWrites, operation: Operation, index: number): Promise<OperationOutcome> {
    const label = operationLabel(operation, index);
    switch (operation.type) {
      case 'insertOne': {
        const outcome = await this.insertDocument(client, types, operation.document, index, () => `${label}: the document`);
        return typeof outcome === 'string' ? { kind: 'inserted' } : { kind: 'failed', failure: outcome };
      }
      case 'updateOne':
      case 'updateMany': {
        const result = await this.attempt(client, () => this.updateWithin(client, types, operation.filter, operation.update, operation.upsert, operation.type === 'updateOne', label));
        return { kind: 'updated', result };
      }
      case 'deleteOne':
      case 'deleteMany':
        return { kind: 'deleted', count: await this.attempt(client, () => this.deleteWithin(client, types, operation.filter, operation.type === 'deleteOne', label)) };
    }
  }
}
