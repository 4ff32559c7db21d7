// The document database API (MongoDB-like) that functions use; locally SQLite, one table per collection.

export type Document = Record<string, any>;
export type WithId<T> = T & { _id: string };

export interface FieldOperators {
  $eq?: unknown;
  $ne?: unknown;
  $gt?: unknown;
  $gte?: unknown;
  $lt?: unknown;
  $lte?: unknown;
  $in?: unknown[];
  $nin?: unknown[];
  $exists?: boolean;
}

/** Equality on (dotted) paths, field operators, and $and / $or / $nor. */
export type Filter = {
  $and?: Filter[];
  $or?: Filter[];
  $nor?: Filter[];
} & {
  [path: string]: unknown;
};

export interface Update {
  $set?: Document;
  $unset?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
  /** Adds each value ({ $each: [...] } for several) unless the array holds it already. */
  $addToSet?: Record<string, unknown>;
  /** Renames fields: { oldPath: 'newPath' }. */
  $rename?: Record<string, string>;
  /** Set only when an upsert inserts the document. */
  $setOnInsert?: Document;
}

export type SortSpec = Record<string, 1 | -1>;
export type IndexSpec = Record<string, 1 | -1>;

export interface IndexOptions {
  unique?: boolean;
  name?: string;
}

type SelectWords<S extends string> = S extends `${infer Head} ${infer Rest}` ? SelectWords<Head> | SelectWords<Rest> : S extends '' ? never : S;
type SelectedFields<F> = F extends string ? SelectWords<F> : F extends readonly (infer E extends string)[] ? E : never;
type TopLevelField<P extends string> = P extends `${infer Head}.${string}` ? Head : P;

/**
 * The documents select(fields) returns: T narrowed to the selected top-level fields when they are
 * known literally ('hash status' or ['hash', 'status']); T itself for exclusions ('-memo') and
 * field lists only known at run time.
 */
export type Projected<T, F> = string extends SelectedFields<F>
  ? T
  : [Extract<SelectedFields<F>, `-${string}`>] extends [never]
    ? Pick<T, Extract<TopLevelField<SelectedFields<F>>, keyof T>>
    : T;

/** A lazy query: chain select/sort/limit/skip, then await it or call toArray(). */
export interface FindCursor<T = Document> extends PromiseLike<WithId<T>[]> {
  /**
   * Fields to return: 'a b c' or ['a', 'b', 'c'] (dotted paths allowed; _id is always returned), or
   * fields to leave out: '-memo -raw'.
   */
  select<const F extends string | readonly string[]>(fields: F): FindCursor<Projected<T, F>>;
  sort(spec: SortSpec): FindCursor<T>;
  /** At most `count` documents; 0 means no limit. */
  limit(count: number): FindCursor<T>;
  skip(count: number): FindCursor<T>;
  toArray(): Promise<WithId<T>[]>;
}

export interface InsertOneResult {
  insertedId: string;
}

export interface WriteFailure {
  /** Position of the failed document or operation in the batch. */
  index: number;
  code: string;
  message: string;
}

export interface InsertManyResult {
  insertedCount: number;
  insertedIds: Record<number, string>;
  /** With ordered:false, the documents that failed (the rest were written). */
  writeErrors: WriteFailure[];
}

export interface UpdateOptions {
  upsert?: boolean;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedId: string | null;
}

export interface DeleteResult {
  deletedCount: number;
}

export type BulkWriteOperation<T = Document> =
  | { insertOne: { document: T } }
  | { updateOne: { filter: Filter; update: Update; upsert?: boolean } }
  | { updateMany: { filter: Filter; update: Update; upsert?: boolean } }
  | { deleteOne: { filter: Filter } }
  | { deleteMany: { filter: Filter } };

export interface BulkWriteOptions {
  /** true (default): stop at the first failure. false: go on and report the failures. */
  ordered?: boolean;
}

export interface BulkWriteResult {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
  writeErrors: WriteFailure[];
}

export interface Collection<T extends Document = Document> {
  readonly name: string;
  find(filter?: Filter): FindCursor<T>;
  findOne(filter?: Filter): Promise<WithId<T> | null>;
  countDocuments(filter?: Filter): Promise<number>;
  insertOne(document: T): Promise<InsertOneResult>;
  insertMany(documents: T[], options?: BulkWriteOptions): Promise<InsertManyResult>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<DeleteResult>;
  deleteMany(filter: Filter): Promise<DeleteResult>;
  bulkWrite(operations: BulkWriteOperation<T>[], options?: BulkWriteOptions): Promise<BulkWriteResult>;
}

export interface QueryResult<R = any> {
  rows: R[];
  rowCount: number;
}

export interface PoolOptions {
  min?: number;
  max?: number;
  idleTimeoutMillis?: number;
}

export interface PoolClient {
  query<R = any>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  release(): void;
}

export interface Pool {
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}

/** `database.collection('name')`, and also the collection named "collection" itself (as the guide uses it). */
export type CollectionAccessor = (<T extends Document = Document>(name: string) => Collection<T>) & Collection;

export interface DatabaseMethods {
  /** Builds an index over the JSON fields (idempotent) and resolves with its name. */
  createIndex(collection: string, spec: IndexSpec, options?: IndexOptions): Promise<string>;
  collection: CollectionAccessor;
  query<R = any>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  createPool(options?: PoolOptions): Promise<Pool>;
}

/** Collections are also reachable by property: `database.transactions`. */
export type Database = DatabaseMethods & { readonly [collection: string]: Collection };
