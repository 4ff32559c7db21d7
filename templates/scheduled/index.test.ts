import { afterEach, describe, expect, it } from 'vitest';
import type { ScheduleEvent } from '@neo-service/sdk/function';
import { createTestContext, type TestContext } from '@neo-service/sdk/testing';
import { __fn__, SOURCE, type Report, type Transfer } from './index';

const event: ScheduleEvent = { type: 'schedule', cron: '*/5 * * * *', scheduledTime: '2025-01-01T00:05:00.000Z' };

/** 250 transfers: 120 of 1 GAS, 125 of 2 NEO, and 5 with a malformed amount. */
function makeTransfers(): Transfer[] {
  return Array.from({ length: 250 }, (_, i) => {
    const timestamp = Date.UTC(2025, 0, 1) + i;
    if (i % 50 === 49) return { asset: 'GAS', amount: 'not a number', timestamp };
    return i % 2 === 0 ? { asset: 'NEO', amount: '2', timestamp } : { asset: 'GAS', amount: '100000000', timestamp };
  });
}

describe('__fn__', () => {
  let t: TestContext | undefined;

  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('totals the unreported transfers in batches of 100 and writes a report', async () => {
    t = await createTestContext();
    await t.context.database.collection<Transfer>(SOURCE).insertMany(makeTransfers());

    await __fn__(event, t.context);

    const reports = await t.context.database.collection<Report>('__fn__').find({});
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      runId: t.context.requestId,
      scheduledTime: event.scheduledTime,
      processed: 250,
      invalid: 5,
      totals: { GAS: String(120 * 100000000), NEO: String(125 * 2) },
    });
    expect(reports[0]!.durationMs).toBeGreaterThanOrEqual(0);

    const progress = t.logs
      .filter((log) => log.level === 'debug' && log.message === 'Batch processed')
      .map((log) => log.fields.progress);
    expect(progress).toEqual(['100/250', '200/250', '250/250']);

    const transfers = t.context.database.collection<Transfer>(SOURCE);
    expect(await transfers.countDocuments({ reportedIn: t.context.requestId })).toBe(250);
    expect(t.metrics.snapshot().counters['__fn__.processed']).toBe(250);
  });

  it('counts each transfer once: a second run reports only what arrived since', async () => {
    t = await createTestContext();
    const transfers = t.context.database.collection<Transfer>(SOURCE);
    await transfers.insertMany(makeTransfers());
    await __fn__(event, t.context);

    await transfers.insertOne({ asset: 'GAS', amount: '5', timestamp: Date.UTC(2025, 0, 2) });
    await __fn__({ ...event, scheduledTime: '2025-01-01T00:10:00.000Z' }, t.context);

    const second = await t.context.database.collection<Report>('__fn__').findOne({ scheduledTime: '2025-01-01T00:10:00.000Z' });
    expect(second).toMatchObject({ processed: 1, invalid: 0, totals: { GAS: '5' } });
  });

  it('writes an empty report when there is nothing new', async () => {
    t = await createTestContext();

    await __fn__(event, t.context);

    const report = await t.context.database.collection<Report>('__fn__').findOne({});
    expect(report).toMatchObject({ processed: 0, invalid: 0, totals: {} });
    expect(t.logs.filter((log) => log.level === 'debug')).toHaveLength(0);
  });
});
