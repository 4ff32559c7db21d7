// What the redis fake's append-only file holds: the effect of each write (a key set to a value until
// an absolute time, keys deleted), never the command. An effect sets a key's whole state whatever it
// was before, so replaying a record over a state that already has it changes nothing: a crash between
// writing a snapshot and truncating the file, or a snapshot taken while writes went on, is harmless.
import type { Redis } from 'ioredis';

export type AofRecord =
  /** No expiresAt: the key does not expire. keepTtl: the key kept the expiry it had (SET … KEEPTTL). */
  | { op: 'set'; key: string; value: string; expiresAt?: number; keepTtl?: true }
  | { op: 'del'; keys: string[] };

/** How ioredis-mock turns an argument into what it stores: the record must hold the same text. */
const asStored = (arg: unknown): string => (arg === null || arg === undefined ? '' : String(arg));

/**
 * The effect of `SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]` that answered
 * `reply`; undefined when it set nothing (NX on an existing key, XX on a missing one). `now` is when
 * the command ran, the time a relative expiry counts from.
 */
export function setEffect(args: readonly unknown[], reply: unknown, now: number): AofRecord | undefined {
  let nx = false;
  let xx = false;
  let get = false;
  let keepTtl = false;
  let expiresAt: number | undefined;
  for (let i = 2; i < args.length; i++) {
    const option = asStored(args[i]).toUpperCase();
    if (option === 'NX') nx = true;
    else if (option === 'XX') xx = true;
    else if (option === 'GET') get = true;
    else if (option === 'KEEPTTL') keepTtl = true;
    else if (option === 'EX' || option === 'PX' || option === 'EXAT' || option === 'PXAT') {
      const amount = Number(asStored(args[++i]));
      expiresAt = option === 'EX' ? now + amount * 1000 : option === 'PX' ? now + amount : option === 'EXAT' ? amount * 1000 : amount;
    }
  }
  // Without GET the reply says whether it set ("OK") or not (null). With GET it is the old value,
  // which is null exactly when the key was missing: NX then set, XX then did not.
  const took = get ? (nx ? reply === null : xx ? reply !== null : true) : reply === 'OK';
  if (!took) return undefined;
  const record: AofRecord = { op: 'set', key: asStored(args[0]), value: asStored(args[1]) };
  // A time that is not a number never expires in the fake either.
  if (expiresAt !== undefined && Number.isFinite(expiresAt)) record.expiresAt = Math.round(expiresAt);
  else if (keepTtl) record.keepTtl = true;
  return record;
}

/** The effect of `DEL key…` that answered `reply` (how many it deleted); undefined when none existed. */
export function delEffect(args: readonly unknown[], reply: unknown): AofRecord | undefined {
  if (typeof reply !== 'number' || reply <= 0) return undefined;
  return { op: 'del', keys: args.flat().map(asStored) };
}

/** One line of the file as a record; throws when it is not one (a line cut short by a crash). */
export function parseRecord(line: string): AofRecord {
  const record = JSON.parse(line) as Partial<Record<string, unknown>> | null;
  if (record && typeof record === 'object') {
    if (record.op === 'set' && typeof record.key === 'string' && typeof record.value === 'string'
      && (record.expiresAt === undefined || typeof record.expiresAt === 'number')
      && (record.keepTtl === undefined || record.keepTtl === true)) {
      return record as AofRecord;
    }
    if (record.op === 'del' && Array.isArray(record.keys) && record.keys.every((key) => typeof key === 'string')) {
      return record as AofRecord;
    }
  }
  throw new SyntaxError('not a set or del record');
}

type FinalState = { value: string; expiresAt?: number; keepTtl?: true } | null;

/**
 * Applies records, in order, on top of what the client holds; returns how many keys they touched.
 * Records are folded per key first (the last one of a key decides), so that start-up costs one
 * command per key rather than one per write.
 */
export async function replayRecords(client: Redis, records: Iterable<AofRecord>, now: number = Date.now()): Promise<number> {
  const finals = new Map<string, FinalState>();
  for (const record of records) {
    if (record.op === 'del') {
      for (const key of record.keys) finals.set(key, null);
      continue;
    }
    const { key, value, expiresAt, keepTtl } = record;
    if (!keepTtl) {
      finals.set(key, expiresAt === undefined ? { value } : { value, expiresAt });
      continue;
    }
    // KEEPTTL keeps the expiry an earlier record gave; with none in the file, the one the key has.
    const before = finals.get(key);
    if (before === undefined) finals.set(key, { value, keepTtl });
    else finals.set(key, before === null || before.expiresAt === undefined ? { value } : { value, expiresAt: before.expiresAt });
  }
  for (const [key, final] of finals) {
    // Expired since: gone, whatever an older snapshot says.
    if (final === null || (final.expiresAt !== undefined && final.expiresAt <= now)) {
      await client.del(key);
    } else if (final.keepTtl) {
      const ttl = await client.pttl(key);
      await client.set(key, final.value);
      if (ttl > 0) await client.pexpire(key, ttl);
    } else if (final.expiresAt !== undefined) {
      await client.set(key, final.value, 'PXAT', final.expiresAt);
    } else {
      await client.set(key, final.value);
    }
  }
  return finals.size;
}
