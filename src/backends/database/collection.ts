// One collection = one table (_id TEXT PRIMARY KEY, doc TEXT): the document API over it. Every
// method runs synchronously on the shared connection and returns a settled promise.
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
} from '../../sdk/database-types.js';
import { runBulkWrite } from './bulk-write.js';
import type { Connection, Statement } from './connection.js';
import { DocumentCursor, type CursorSource, type FindSpec } from './cursor.js';
import { type SerializedDocument, serializeDocument } from './document.js';
import { DatabaseError, describeType, internalSqlError, isSqliteError, show } from './errors.js';
import { compileFilterNode, type SqlCondition } from './filter.js';
import { pathTypeRegistry, type PathTypeRegistry } from './path-type-registry.js';
import { equalityFields, parseFilter } from './query/filter-model.js';
import { collectDocumentTypes, type PathTypes } from './query/path-types.js';
import { parseUpdate, updateWrites } from './query/update-model.js';
import { quoteIdentifier } from './paths.js';
import { type CompiledProjection, compileProjection, parseProjection } from './projection.js';
import { compileSort } from './sort.js';
import { describeUniqueIndex } from './indexes.js';
import { type CompiledUpdate, compileModel } from './update.js';
import { insertManyStoppedError, writeFailureError } from './write-failures.js';
import { orderedOption, upsertOption } from './write-options.js';

const documentAt = (index: number): string => `document ${index}`;

export class DocumentCollection<T extends Document = Document> implements Collection<T>, CursorSource {
  readonly name: string;
  private readonly table: string;
  private readyGeneration = -1;
  private insertStatement: Statement | undefined;
  private readonly serialized: SerializedDocument = { id: '', json: '' };
  private readonly registry: PathTypeRegistry;

  constructor(
    private readonly connection: Connection,
    name: string,
  ) {
    this.name = name;
    this.table = quoteIdentifier(name);
    this.registry = pathTypeRegistry(connection);
  }

  /** What each field path may hold (the table must exist: after begin()). */
  private pathTypes(): PathTypes {
    return this.registry.typesOf(this.name);
  }

  /** The WHERE condition for a filter: validated first, then emitted for the collection's path types. */
  private condition(filter: unknown, where: string): SqlCondition {
    const node = parseFilter(filter, where);
    this.begin(where);
    return compileFilterNode(node, this.pathTypes());
  }

  /** Creates the table on first use (and again after DDL through query()). */
  ensure(operation: string): void {
    const connection = this.connection;
    if (this.readyGeneration === connection.schemaGeneration) return;
    connection.assertOpen(operation);
    try {
      connection.db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
    } catch (error) {
      throw internalSqlError(error, operation);
    }
    this.insertStatement = connection.db.prepare(`INSERT INTO ${this.table} (_id, doc) VALUES (?, ?)`);
    this.readyGeneration = connection.schemaGeneration;
  }

  private where(method: string): string {
    return `${method} on "${this.name}"`;
  }

  /** Whether the connection is still open; the table is checked lazily by ensure(). */
  private begin(operation: string): void {
    this.connection.assertOpen(operation);
    this.ensure(operation);
  }

  // ---- reads -------------------------------------------------------------------------------

  find(filter: Record<string, unknown> = {}): FindCursor<T> {
    return new DocumentCursor<T>(this, filter);
  }

  findSql(spec: FindSpec, method = 'find'): { sql: string; params: unknown[]; strip: CompiledProjection['strip'] } {
    const where = this.where(method);
    const node = parseFilter(spec.filter, where);
    this.begin(where);
    const types = this.pathTypes();
    const condition = compileFilterNode(node, types);
    const order = compileSort(spec.sort, where, types);
    const projection = compileProjection(spec.select === undefined ? undefined : parseProjection(spec.select, where));
    let sql = `SELECT ${projection.sql} FROM ${this.table}`;
    if (condition.sql !== '') sql += ` WHERE ${condition.sql}`;
    if (order !== '') sql += ` ORDER BY ${order}`;
    if (spec.limit) sql += ` LIMIT ${spec.limit}`;
    if (spec.skip) sql += `${spec.limit ? '' : ' LIMIT -1'} OFFSET ${spec.skip}`;
    return { sql, params: condition.params, strip: projection.strip };
  }

  findAll(spec: FindSpec): unknown[] {
    const { sql, params, strip } = this.findSql(spec);
    this.begin(this.where('find'));
    let rows: unknown[];
    try {
      rows = this.connection.pluck.get(sql).all(params);
    } catch (error) {
      throw internalSqlError(error, this.where('find'), sql);
    }
    if (strip === undefined) {
      for (let i = 0; i < rows.length; i++) rows[i] = JSON.parse(rows[i] as string);
    } else {
      for (let i = 0; i < rows.length; i++) {
        const document = JSON.parse(rows[i] as string) as Record<string, unknown>;
        strip(document);
        rows[i] = document;
      }
    }
    return rows;
  }

  async findOne(filter: Record<string, unknown> = {}): Promise<WithId<T> | null> {
    const { sql, params } = this.findSql({ filter, limit: 1 }, 'findOne');
    this.begin(this.where('findOne'));
    let row: unknown;
    try {
      row = this.connection.pluck.get(sql).get(params);
    } catch (error) {
      throw internalSqlError(error, this.where('findOne'), sql);
    }
    return row === undefined ? null : (JSON.parse(row as string) as WithId<T>);
  }

  async countDocuments(filter: Record<string, unknown> = {}): Promise<number> {
    const where = this.where('countDocuments');
    const condition = this.condition(filter, where);
    const sql = `SELECT count(*) FROM ${this.table}${condition.sql === '' ? '' : ` WHERE ${condition.sql}`}`;
    try {
      return this.connection.pluck.get(sql).get(condition.params) as number;
    } catch (error) {
      throw internalSqlError(error, where, sql);
    }
  }

  // ---- inserts -----------------------------------------------------------------------------

  /** A failed insert as a write failure; errors that are not about the document are re-thrown. */
  private insertFailure(error: unknown, index: number, id: string, document: unknown, subject: string): WriteFailure {
    if (error instanceof DatabaseError) return { index, code: error.code, message: error.message };
    if (isSqliteError(error)) {
      if (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        return { index, code: 'DUPLICATE_KEY', message: `${subject} has a duplicate _id ${JSON.stringify(id)}: "${this.name}" already has a document with this _id` };
      }
      if (error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        return { index, code: 'DUPLICATE_KEY', message: `${subject} is a duplicate key: ${describeUniqueIndex(this.connection, error.message, document)}` };
      }
    }
    throw internalSqlError(error, this.where('insert'));
  }

  /** Insert one document (inside the caller's transaction); its _id, or a write failure. */
  insertDocument(document: unknown, index: number, subject: (index: number) => string): string | WriteFailure {
    const out = this.serialized;
    try {
      serializeDocument(document, subject, index, out);
      this.insertStatement!.run(out.id, out.json);
      this.recordTypes(document as Record<string, unknown>);
      return out.id;
    } catch (error) {
      return this.insertFailure(error, index, out.id, document, subject(index));
    }
  }

  async insertOne(document: T): Promise<InsertOneResult> {
    const where = this.where('insertOne');
    this.begin(where);
    const out = this.serialized;
    serializeDocument(document, () => `${where}: the document`, 0, out);
    const found = new Map<string, number>();
    collectDocumentTypes(document as Record<string, unknown>, found);
    this.pathTypes();
    try {
      if (this.registry.wouldAdd(this.name, found)) {
        this.connection.write(() => {
          this.insertStatement!.run(out.id, out.json);
          this.registry.record(this.name, found);
        });
      } else this.insertStatement!.run(out.id, out.json);
    } catch (error) {
      const failure = this.insertFailure(error, 0, out.id, document, 'the document');
      throw writeFailureError(where, failure, error);
    }
    return { insertedId: out.id };
  }

  async insertMany(documents: T[], options?: BulkWriteOptions): Promise<InsertManyResult> {
    const where = this.where('insertMany');
    if (!Array.isArray(documents)) throw new DatabaseError('INVALID_ARGUMENT', `${where}: insertMany takes an array of documents, got ${describeType(documents)}`);
    const ordered = orderedOption(options, where);
    this.begin(where);
    const insertedIds: Record<number, string> = {};
    const writeErrors: WriteFailure[] = [];
    let insertedCount = 0;
    if (documents.length === 0) return { insertedCount, insertedIds, writeErrors };
    this.pathTypes();
    try {
      this.connection.write(() => {
        const statement = this.insertStatement!;
        const out = this.serialized;
        // The types of the batch, recorded once at its end (in the same transaction).
        const found = new Map<string, number>();
        try {
          for (let i = 0; i < documents.length; i++) {
            const document = documents[i];
            try {
              serializeDocument(document, documentAt, i, out);
              statement.run(out.id, out.json);
              collectDocumentTypes(document as Record<string, unknown>, found);
            } catch (error) {
              writeErrors.push(this.insertFailure(error, i, out.id, document, documentAt(i)));
              if (ordered) break;
              continue;
            }
            insertedIds[i] = out.id;
            insertedCount++;
          }
        } finally {
          this.registry.record(this.name, found);
        }
      });
    } catch (error) {
      throw internalSqlError(error, where);
    }
    if (ordered && writeErrors.length > 0) throw insertManyStoppedError(where, documents.length, { insertedCount, insertedIds, writeErrors });
    return { insertedCount, insertedIds, writeErrors };
  }

  // ---- updates -----------------------------------------------------------------------------

  /**
   * Apply a compiled update to the documents matching `condition` (the first only when `one`),
   * inside the caller's transaction. Checks run first, so a document the update cannot apply to
   * fails the whole call before anything is written.
   */
  private updateMatching(condition: SqlCondition, update: CompiledUpdate, one: boolean, where: string): { matched: number; modified: number } {
    const filterSql = condition.sql === '' ? '' : ` WHERE ${condition.sql}`;
    const checkParams: unknown[] = [];
    for (const check of update.checks) checkParams.push(...check.params);
    let matched: number;
    let rowid: number | bigint | undefined;
    let failedCheck: { index: number; id: string } | undefined;
    if (one) {
      const columns = ['rowid', '_id', ...update.checks.map((check) => `(${check.sql})`)].join(', ');
      const row = this.connection.raw.get(`SELECT ${columns} FROM ${this.table}${filterSql} LIMIT 1`).get([...checkParams, ...condition.params]) as unknown[] | undefined;
      if (row === undefined) return { matched: 0, modified: 0 };
      matched = 1;
      rowid = row[0] as number;
      for (let i = 0; i < update.checks.length; i++) if (row[i + 2] === 1) failedCheck ??= { index: i, id: row[1] as string };
    } else {
      const columns = ['count(*)', ...update.checks.map((check) => `min(CASE WHEN ${check.sql} THEN _id END)`)].join(', ');
      const row = this.connection.raw.get(`SELECT ${columns} FROM ${this.table}${filterSql}`).get([...checkParams, ...condition.params]) as unknown[];
      matched = row[0] as number;
      if (matched === 0) return { matched: 0, modified: 0 };
      for (let i = 0; i < update.checks.length; i++) if (row[i + 1] !== null) failedCheck ??= { index: i, id: row[i + 1] as string };
    }
    if (failedCheck) throw new DatabaseError('INVALID_UPDATE', `${where}: ${update.checks[failedCheck.index]!.message(failedCheck.id)}`);
    if (update.sql === 'doc') return { matched, modified: 0 };
    const sql = one
      ? `UPDATE ${this.table} SET doc = ${update.sql} WHERE rowid = ? AND doc IS NOT ${update.sql}`
      : `UPDATE ${this.table} SET doc = ${update.sql}${filterSql === '' ? ' WHERE' : `${filterSql} AND`} doc IS NOT ${update.sql}`;
    const params = one ? [...update.params, rowid, ...update.params] : [...update.params, ...condition.params, ...update.params];
    try {
      const { changes } = this.connection.raw.get(sql).run(params);
      return { matched, modified: changes };
    } catch (error) {
      if (isSqliteError(error) && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
        throw new DatabaseError('DUPLICATE_KEY', `${where}: the update would make a duplicate key: ${describeUniqueIndex(this.connection, error.message, undefined)}`, { cause: error });
      }
      throw error;
    }
  }

  /** updateOne / updateMany inside the caller's transaction (bulkWrite) or a new one. */
  updateWithin(filter: unknown, update: unknown, upsert: boolean, one: boolean, where: string): UpdateResult {
    const node = parseFilter(filter, where);
    const model = parseUpdate(update, where);
    const compiled = compileModel(model);
    this.begin(where);
    this.pathTypes(); // the committed map, when not inside a transaction already
    return this.connection.writeWithin(() => {
      const types = this.pathTypes();
      const condition = compileFilterNode(node, types);
      const { matched, modified } = this.updateMatching(condition, compiled, one, where);
      // What the update may have written (also for the document an upsert inserts).
      if (modified > 0 || (matched === 0 && upsert)) this.registry.record(this.name, updateWrites(model, types));
      if (matched > 0 || !upsert) return { matchedCount: matched, modifiedCount: modified, upsertedId: null };
      return { matchedCount: 0, modifiedCount: 0, upsertedId: this.upsert(filter, compiled, where) };
    });
  }

  /** Insert the document the filter's equality fields describe, then apply the update to it. */
  private upsert(filter: unknown, matchedUpdate: CompiledUpdate, where: string): string {
    const update = matchedUpdate.onInsert ?? matchedUpdate; // with $setOnInsert
    const base = equalityFields(filter);
    if (update.setId !== undefined) {
      if (base._id !== undefined && base._id !== update.setId) {
        throw new DatabaseError('INVALID_UPDATE', `${where}: the upsert's filter has _id ${show(base._id)} but $set._id is ${show(update.setId)}`);
      }
      base._id = update.setId;
    }
    return this.connection.write(() => {
      const out = this.serialized;
      serializeDocument(base, () => `${where}: the upserted document (built from the filter's equality fields)`, 0, out);
      const id = out.id;
      let rowid: number | bigint;
      try {
        rowid = this.insertStatement!.run(id, out.json).lastInsertRowid;
        this.recordTypes(base);
      } catch (error) {
        const failure = this.insertFailure(error, 0, id, base, 'the upserted document');
        throw writeFailureError(where, failure, error);
      }
      this.updateMatching({ sql: 'rowid = ?', params: [rowid] }, update, true, where);
      return id;
    });
  }

  async updateOne(filter: Record<string, unknown>, update: Record<string, unknown>, options?: UpdateOptions): Promise<UpdateResult> {
    const where = this.where('updateOne');
    const upsert = upsertOption(options, where);
    this.begin(where);
    return this.guard(where, () => this.updateWithin(filter, update, upsert, true, where));
  }

  async updateMany(filter: Record<string, unknown>, update: Record<string, unknown>, options?: UpdateOptions): Promise<UpdateResult> {
    const where = this.where('updateMany');
    const upsert = upsertOption(options, where);
    this.begin(where);
    return this.guard(where, () => this.updateWithin(filter, update, upsert, false, where));
  }

  // ---- deletes -----------------------------------------------------------------------------

  deleteWithin(filter: unknown, one: boolean, where: string): number {
    const condition = this.condition(filter, where);
    let sql: string;
    if (one) sql = `DELETE FROM ${this.table} WHERE rowid = (SELECT rowid FROM ${this.table}${condition.sql === '' ? '' : ` WHERE ${condition.sql}`} LIMIT 1)`;
    else sql = `DELETE FROM ${this.table}${condition.sql === '' ? '' : ` WHERE ${condition.sql}`}`;
    return this.connection.raw.get(sql).run(condition.params).changes;
  }

  async deleteOne(filter: Record<string, unknown>): Promise<DeleteResult> {
    const where = this.where('deleteOne');
    this.begin(where);
    return { deletedCount: this.guard(where, () => this.deleteWithin(filter, true, where)) };
  }

  async deleteMany(filter: Record<string, unknown>): Promise<DeleteResult> {
    const where = this.where('deleteMany');
    this.begin(where);
    return { deletedCount: this.guard(where, () => this.deleteWithin(filter, false, where)) };
  }

  // ---- bulk --------------------------------------------------------------------------------

  async bulkWrite(operations: BulkWriteOperation<T>[], options?: BulkWriteOptions): Promise<BulkWriteResult> {
    const where = this.where('bulkWrite');
    const ordered = orderedOption(options, where);
    this.begin(where);
    this.pathTypes(); // the committed map, before the transaction
    return runBulkWrite(this, this.connection, operations, ordered, where);
  }

  /** Records the types of one inserted document (inside the caller's write transaction). */
  private recordTypes(document: Record<string, unknown>): void {
    const found = new Map<string, number>();
    collectDocumentTypes(document, found);
    this.pathTypes();
    this.registry.record(this.name, found);
  }

  /** Runs `body`, reporting SQLite's own errors (busy, I/O) with the operation. */
  private guard<R>(where: string, body: () => R): R {
    try {
      return body();
    } catch (error) {
      throw internalSqlError(error, where);
    }
  }
}
