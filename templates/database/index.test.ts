import { afterEach, assert, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@neo-service/sdk/testing';
import { __fn__, type Transaction } from './index';

const BASE_TIME = Date.UTC(2025, 0, 1);

/** n transactions one second apart; every fifth is pending, the rest confirmed. */
function makeTransactions(n: number): Transaction[] {
  return Array.from({ length: n }, (_, i) => ({
    hash: `0x${i.toString(16).padStart(64, '0')}`,
    status: i % 5 === 0 ? 'pending' : 'confirmed',
    timestamp: BASE_TIME + i * 1000,
    asset: 'GAS',
    amount: String(i * 100),
  }));
}

describe('__fn__', () => {
  let t: TestContext | undefined;

  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('ingests records in batches of 1000', async () => {
    t = await createTestContext();
    const records = makeTransactions(2500);

    const result = await __fn__({ action: 'ingest', records }, t.context);

    expect(result).toEqual({ action: 'ingest', inserted: 2500, failed: 0, batches: 3, errors: [] });
    const stored = t.context.database.collection<Transaction>('__fn__');
    expect(await stored.countDocuments({})).toBe(2500);
    expect(await stored.findOne({ hash: records[1234]!.hash })).toMatchObject(records[1234]!);
  });

  it('goes on past duplicates (ordered: false) and reports them by input position', async () => {
    t = await createTestContext();
    const records = makeTransactions(10);
    await __fn__({ action: 'ingest', records: records.slice(0, 6) }, t.context);

    const result = await __fn__({ action: 'ingest', records }, t.context);

    assert(result.action === 'ingest');
    expect(result.inserted).toBe(4);
    expect(result.failed).toBe(6);
    expect(result.errors.map((failure) => failure.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await t.context.database.collection('__fn__').countDocuments({})).toBe(10);
  });

  it('queries newest first: filtered, only the selected fields, limited', async () => {
    t = await createTestContext();
    const records = makeTransactions(1500);
    await __fn__({ action: 'ingest', records }, t.context);
    const since = BASE_TIME + 1000 * 1000;

    const result = await __fn__({ action: 'query', since, status: 'confirmed', limit: 50 }, t.context);

    assert(result.action === 'query');
    const expected = records
      .filter((r) => r.status === 'confirmed' && r.timestamp > since)
      .sort((a, b) => b.timestamp - a.timestamp)
      .slice(0, 50);
    expect(result.count).toBe(50);
    expect(result.transactions.map((r) => r.hash)).toEqual(expected.map((r) => r.hash));
    for (const row of result.transactions) {
      expect(Object.keys(row).sort()).toEqual(['_id', 'hash', 'status', 'timestamp']);
    }
  });

  it('queries with defaults: confirmed, at most 100', async () => {
    t = await createTestContext();
    await __fn__({ action: 'ingest', records: makeTransactions(300) }, t.context);

    const result = await __fn__({ action: 'query' }, t.context);

    assert(result.action === 'query');
    expect(result.count).toBe(100);
    expect(result.transactions.every((r) => r.status === 'confirmed')).toBe(true);
    const times = result.transactions.map((r) => r.timestamp);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBe(BASE_TIME + 299 * 1000);
  });

  it('updates in one bulk write, setting only the given fields', async () => {
    t = await createTestContext();
    const records = makeTransactions(20);
    await __fn__({ action: 'ingest', records }, t.context);
    const pending = records.filter((r) => r.status === 'pending'); // indexes 0, 5, 10, 15

    const result = await __fn__(
      {
        action: 'update',
        updates: [
          ...pending.slice(0, 3).map((r) => ({ hash: r.hash, status: 'confirmed' as const })),
          { hash: '0xunknown', status: 'failed' },
        ],
      },
      t.context,
    );

    expect(result).toEqual({ action: 'update', matched: 3, modified: 3, failed: 0 });
    const stored = t.context.database.collection<Transaction>('__fn__');
    expect(await stored.findOne({ hash: pending[0]!.hash })).toMatchObject({ ...pending[0], status: 'confirmed' });
    expect(await stored.findOne({ hash: pending[3]!.hash })).toMatchObject({ status: 'pending' });
    expect(await stored.countDocuments({ status: 'pending' })).toBe(1);
    expect(await stored.countDocuments({ hash: '0xunknown' })).toBe(0);
  });

  it('rejects bad input with INVALID_INPUT', async () => {
    t = await createTestContext();
    const bad = [
      { action: 'drop' },
      { action: 'ingest', records: 'nope' },
      { action: 'ingest', records: [{ hash: '0x1', status: 'confirmed' }] },
      { action: 'query', limit: 0 },
      { action: 'query', status: 'lost' },
      { action: 'update', updates: [{ hash: '0x1' }] },
      { action: 'update', updates: [{ hash: '0x1', _id: 'x' }] },
    ];

    for (const input of bad) {
      await expect(__fn__(input as never, t.context), JSON.stringify(input)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });
});
