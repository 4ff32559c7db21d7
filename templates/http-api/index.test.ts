import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpRequest } from '@neo-service/sdk/function';
import { createTestContext, type TestContext } from '@neo-service/sdk/testing';
import { __fn__, type Item } from './index';

function request(method: string, init: Partial<HttpRequest> = {}): HttpRequest {
  return { method, path: '/__fn__', headers: { 'content-type': 'application/json' }, query: {}, body: undefined, ...init };
}

describe('__fn__', () => {
  let t: TestContext | undefined;

  afterEach(async () => {
    vi.useRealTimers();
    await t?.cleanup();
    t = undefined;
  });

  it('POST stores a valid item and returns it with 201', async () => {
    t = await createTestContext();

    const res = await __fn__(request('POST', { body: { name: ' Widget ', quantity: 3 } }), t.context);

    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(res.body).toMatchObject({ name: 'Widget', quantity: 3 });
    const stored = await t.context.database.collection<Item>('__fn__').findOne({ _id: res.body._id });
    expect(stored).toMatchObject({ name: 'Widget', quantity: 3, createdAt: res.body.createdAt });
    expect(t.metrics.snapshot().counters['__fn__.created']).toBe(1);
  });

  it('POST accepts a JSON string body and defaults quantity to 1', async () => {
    t = await createTestContext();

    const res = await __fn__(request('POST', { body: '{"name":"Gadget"}' }), t.context);

    expect(res.statusCode).toBe(201);
    expect(res.body).toMatchObject({ name: 'Gadget', quantity: 1 });
  });

  it('POST rejects invalid input with INVALID_INPUT (400) and stores nothing', async () => {
    t = await createTestContext();
    const invalid: unknown[] = [
      undefined,
      'not json',
      [{ name: 'x' }],
      {},
      { name: '   ' },
      { name: 'x'.repeat(201) },
      { name: 'x', quantity: -1 },
      { name: 'x', quantity: 1.5 },
      { name: 'x', quantity: '2' },
    ];

    for (const body of invalid) {
      await expect(__fn__(request('POST', { body }), t.context), JSON.stringify(body)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        statusCode: 400,
      });
    }
    expect(await t.context.database.collection('__fn__').countDocuments({})).toBe(0);
  });

  it('GET lists the newest items first, up to ?limit=', async () => {
    t = await createTestContext();
    // Distinct creation times, so that the order is known.
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let i = 1; i <= 5; i++) {
      vi.setSystemTime(Date.UTC(2025, 0, 1, 12, 0, i));
      await __fn__(request('POST', { body: { name: `item ${i}` } }), t.context);
    }

    const limited = await __fn__(request('GET', { query: { limit: '3' } }), t.context);
    expect(limited.statusCode).toBe(200);
    expect(limited.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(limited.body.count).toBe(3);
    expect(limited.body.items.map((item: Item) => item.name)).toEqual(['item 5', 'item 4', 'item 3']);

    const all = await __fn__(request('GET'), t.context);
    expect(all.body.items.map((item: Item) => item.name)).toEqual(['item 5', 'item 4', 'item 3', 'item 2', 'item 1']);
  });

  it('GET rejects a bad limit with INVALID_INPUT', async () => {
    t = await createTestContext();

    for (const limit of ['0', '101', '2.5', 'ten', '']) {
      await expect(__fn__(request('GET', { query: { limit } }), t.context), limit).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
    }
  });

  it('rejects other methods with METHOD_NOT_ALLOWED (405)', async () => {
    t = await createTestContext();

    await expect(__fn__(request('DELETE'), t.context)).rejects.toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      statusCode: 405,
    });
  });
});
