// sort({ timestamp: -1, hash: 1 }) → ORDER BY on the same expressions the indexes are built on, so an
// index whose columns and directions match (or are exactly reversed) also gives the order.
import { DatabaseError, describeType, show } from './errors.js';
import { fieldRef } from './paths.js';
import { isPlainObject } from './values.js';

const DIRECTIONS: Record<string, 'ASC' | 'DESC'> = { '1': 'ASC', '-1': 'DESC', asc: 'ASC', desc: 'DESC', ascending: 'ASC', descending: 'DESC' };

/** The ORDER BY list (without the keywords), '' for no sort. */
export function compileSort(spec: unknown, where: string): string {
  if (spec === undefined || spec === null) return '';
  if (!isPlainObject(spec)) {
    throw new DatabaseError('INVALID_SORT', `${where}: sort() takes an object like { timestamp: -1 }, got ${describeType(spec)}`);
  }
  const terms: string[] = [];
  for (const path in spec) {
    const value = spec[path];
    const direction = typeof value === 'number' || typeof value === 'string' ? DIRECTIONS[String(value).toLowerCase()] : undefined;
    if (direction === undefined) {
      throw new DatabaseError('INVALID_SORT', `${where}: sort direction for "${path}" must be 1 (ascending) or -1 (descending), got ${show(value)}`);
    }
    terms.push(`${fieldRef(path, 'INVALID_SORT', `${where}: sort()`).value} ${direction}`);
  }
  return terms.join(', ');
}
