import { NeoError, type HttpRequest, type HttpResult, type NeoHttpFunction } from '@neo-service/sdk/function';
import type { Context, Database } from '@neo-service/sdk';

/** A stored item (the database adds `_id`). */
export interface Item {
  name: string;
  quantity: number;
  /** ISO time of creation: sorts as text, newest last. */
  createdAt: string;
}

// The collection is named after the function.
const COLLECTION = '__fn__';
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const JSON_HEADERS = { 'content-type': 'application/json' };

// Use global scope for reusable resources: the index is created once per instance (per
// database), not on every request.
const indexesReady = new WeakMap<Database, Promise<void>>();

function ensureIndexes(database: Database): Promise<void> {
  let ready = indexesReady.get(database);
  if (!ready) {
    // Serves GET: newest first, without a full scan and sort of the collection.
    ready = database.createIndex(COLLECTION, { createdAt: -1 }).then(() => undefined);
    ready.catch(() => indexesReady.delete(database)); // failed: try again on the next request
    indexesReady.set(database, ready);
  }
  return ready;
}

export const __fn__: NeoHttpFunction = async (request, context) => {
  await ensureIndexes(context.database);
  switch (request.method?.toUpperCase()) {
    case 'GET':
      return listItems(request, context);
    case 'POST':
      return createItem(request, context);
    default:
      throw new NeoError('METHOD_NOT_ALLOWED', `${request.method} is not supported; use GET or POST`);
  }
};

/** GET /__fn__?limit=N: the newest items first. */
async function listItems(request: HttpRequest, context: Context): Promise<HttpResult> {
  const limit = parseLimit(request.query?.limit);
  const items = await context.database
    .collection<Item>(COLLECTION)
    .find({})
    .sort({ createdAt: -1 })
    .limit(limit);
  return { statusCode: 200, headers: JSON_HEADERS, body: { items, count: items.length } };
}

/** POST /__fn__ with `{ name, quantity? }`: stores the item and returns it. */
async function createItem(request: HttpRequest, context: Context): Promise<HttpResult> {
  const item: Item = { ...parseNewItem(request.body), createdAt: new Date().toISOString() };
  const { insertedId } = await context.database.collection<Item>(COLLECTION).insertOne(item);
  context.logger.info('Item created', { id: insertedId, name: item.name });
  context.metrics.increment('__fn__.created');
  return { statusCode: 201, headers: JSON_HEADERS, body: { _id: insertedId, ...item } };
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new NeoError('INVALID_INPUT', `limit must be an integer from 1 to ${MAX_LIMIT}`, { limit: raw });
  }
  return limit;
}

/** Validates a POST body; a NeoError 'INVALID_INPUT' becomes a 400 with the problems listed. */
function parseNewItem(body: unknown): Pick<Item, 'name' | 'quantity'> {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new NeoError('INVALID_INPUT', 'The body must be JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NeoError('INVALID_INPUT', 'The body must be a JSON object: { "name": string, "quantity"?: number }');
  }

  const { name, quantity = 1 } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    problems.push('name must be a non-empty string of at most 200 characters');
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) {
    problems.push('quantity must be a non-negative integer');
  }
  if (problems.length > 0 || typeof name !== 'string' || typeof quantity !== 'number') {
    throw new NeoError('INVALID_INPUT', 'Invalid item', { problems });
  }
  return { name: name.trim(), quantity };
}
