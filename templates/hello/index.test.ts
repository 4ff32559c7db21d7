import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@neo-service/sdk/testing';
import { __fn__ } from './index';

describe('__fn__', () => {
  let t: TestContext | undefined;

  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('greets the given name with the default greeting', async () => {
    t = await createTestContext();

    const result = await __fn__({ name: 'neo' }, t.context);

    expect(result).toEqual({ message: 'Hello, neo!' });
    expect(t.logs).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'Greeting', fields: expect.objectContaining({ name: 'neo' }) }),
    );
    expect(t.metrics.snapshot().counters['__fn__.greetings']).toBe(1);
  });

  it('uses the GREETING environment variable', async () => {
    t = await createTestContext({ env: { GREETING: 'Hi' } });

    expect(await __fn__({ name: 'Alice' }, t.context)).toEqual({ message: 'Hi, Alice!' });
  });

  it('greets the world when no name is given, and counts every call', async () => {
    t = await createTestContext();

    expect(await __fn__({}, t.context)).toEqual({ message: 'Hello, world!' });
    expect(await __fn__({ name: '  ' }, t.context)).toEqual({ message: 'Hello, world!' });
    expect(t.metrics.snapshot().counters['__fn__.greetings']).toBe(2);
  });
});
