// What both engines' `Database` objects share around their collections: one collection object per
// name (validated on first use), database.collection as a function by name that is also the
// collection named "collection", and the Proxy that makes every other property a collection.
import type { CollectionAccessor } from '../../sdk/database-types.js';
import { DatabaseError } from './errors.js';
import { validateCollectionName } from './paths.js';

const COLLECTION_METHODS = ['find', 'findOne', 'countDocuments', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'bulkWrite'] as const;

/** The collection named `name` (created by `create` on first use; `operation` names the call when the name is invalid). */
export type CollectionLookup<C> = (name: unknown, operation: string) => C;

/** Collections by name, cached, each made once by `create` from a valid name. */
export function collectionLookup<C>(create: (name: string) => C): CollectionLookup<C> {
  const collections = new Map<string, C>();
  return (name, operation) => {
    const cached = typeof name === 'string' ? collections.get(name) : undefined;
    if (cached) return cached;
    const valid = validateCollectionName(name, operation);
    const created = create(valid);
    collections.set(valid, created);
    return created;
  };
}

/**
 * database.collection: a function returning collections by name, with the methods of the
 * collection named "collection" attached (its `name` is already "collection").
 */
export function collectionAccessor<C>(collectionNamed: CollectionLookup<C>): CollectionAccessor {
  const named = collectionNamed('collection', 'collection') as unknown as Record<string, (...args: unknown[]) => unknown>;
  const accessor = function collection(name: string) {
    return collectionNamed(name, 'database.collection()');
  } as unknown as CollectionAccessor;
  for (const method of COLLECTION_METHODS) {
    Object.defineProperty(accessor, method, { value: named[method]!.bind(named), enumerable: true });
  }
  return accessor;
}

/** `methods` as the database: its own properties as they are, every other name a collection; nothing can be assigned or deleted. */
export function databaseProxy<D>(methods: object, collectionNamed: CollectionLookup<unknown>): D {
  return new Proxy(methods, {
    get(target, property, receiver) {
      if (typeof property === 'symbol' || Object.hasOwn(target, property)) return Reflect.get(target, property, receiver);
      // Not thenable (await database must not look for a collection "then"), and Object's own
      // members (toString, constructor …) stay what they are.
      if (property === 'then') return undefined;
      if (property in Object.prototype) return Reflect.get(target, property, receiver);
      // Names no collection can have ($$typeof, _isMockFunction, @@…): probes by tools, not collections.
      if (!/^[A-Za-z]/.test(property)) return undefined;
      return collectionNamed(property, `database.${property}`);
    },
    set(_target, property) {
      throw new DatabaseError('INVALID_ARGUMENT', `cannot assign database.${String(property)}: the properties of the database are its collections`);
    },
    deleteProperty(_target, property) {
      throw new DatabaseError('INVALID_ARGUMENT', `cannot delete database.${String(property)}: the properties of the database are its collections`);
    },
  }) as D;
}
