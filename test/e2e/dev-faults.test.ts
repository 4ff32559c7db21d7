// `neosl dev` on functions that fail where no request can catch it (a timer after the answer, a
// promise nobody awaits) or hold Buffers past their memory limit: each fault is an error line at
// its TypeScript line, counted in /_neosl/functions, and the emulator keeps serving.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { copyFixture, errorOf, killDevProcesses, post, startDev, until, type Dev } from '../helpers/dev-process.js';

const faultsFixture = fileURLToPath(new URL('../fixtures/faults-project', import.meta.url));

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

interface Summary {
  name: string;
  requests: number;
  errors: number;
  instances: number;
}

async function summary(dev: Dev, name: string): Promise<Summary> {
  const { functions } = (await (await fetch(`${dev.url}/_neosl/functions`)).json()) as { functions: Summary[] };
  return functions.find((fn) => fn.name === name)!;
}

/** The emulator process's resident memory (Linux). */
function rssMb(dev: Dev): number {
  const status = readFileSync(`/proc/${dev.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function stillServing(dev: Dev): Promise<void> {
  expect((await fetch(`${dev.url}/_neosl/health`)).status).toBe(200);
  const hello = await post(`${dev.url}/functions/hello`, { name: 'neo' });
  expect(hello.status).toBe(200);
  expect(await hello.json()).toEqual({ message: 'Hello, neo!' });
}

describe('neosl dev: faults outside a request and memory outside the heap', () => {
  let dev: Dev;

  beforeAll(async () => {
    dev = await startDev(copyFixture(faultsFixture));
  });

  it('a timer that throws after the answer: an error line at the .ts line, a log line with the stack, one error counted', async () => {
    const answered = await post(`${dev.url}/functions/late`, {});
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ answered: true });

    const text = await until(() => (/✘ error late: an uncaught exception/.test(dev.stderr()) ? dev.stderr() : undefined), 'the fault on stderr');
    expect(text).toContain(
      '✘ error late: an uncaught exception ended the instance: Error: late failure. This happened outside any request (after its answer was sent); the next request starts a new instance.',
    );
    expect(text).toContain('functions/late.ts:4:9: Error: late failure');
    expect(text).toContain("throw new Error('late failure');");
    expect(text).toMatch(/\[late\] ERROR uncaught Error: late failure \(outside any request; the instance was ended\)\n\s+at explode \(functions\/late\.ts:4:9\)/);

    expect(await summary(dev, 'late')).toMatchObject({ requests: 1, errors: 1, instances: 0 });
    const next = await post(`${dev.url}/functions/late`, { reject: true });
    expect(next.status).toBe(200);
    expect(next.headers.get('x-neosl-cold-start')).toBe('true');
    await stillServing(dev);
  });

  it('an unhandled rejection after the answer is reported and counted the same way', async () => {
    await until(() => (/late: an unhandled promise rejection ended the instance: RangeError: nobody handles this/.test(dev.stderr()) ? true : undefined), 'the rejection on stderr');
    expect(dev.stderr()).toContain('functions/late.ts:9:41: RangeError: nobody handles this');
    expect(dev.stderr()).toMatch(/\[late\] ERROR unhandled rejection RangeError: nobody handles this \(outside any request; the instance was ended\)\n\s+at late \(functions\/late\.ts:9:41\)/);
    expect(await summary(dev, 'late')).toMatchObject({ requests: 2, errors: 2 });
    await stillServing(dev);
  });

  it('Buffers past `memory` answer 502 OUT_OF_MEMORY, the memory is given back, the next call answers 200 on a fresh instance', async () => {
    expect((await post(`${dev.url}/functions/hoard`, { count: 1, mb: 1 })).status).toBe(200);
    const before = rssMb(dev);
    const over = await post(`${dev.url}/functions/hoard`, { count: 40, mb: 4 });
    expect(over.status).toBe(502);
    const error = await errorOf(over);
    expect(error.code).toBe('OUT_OF_MEMORY');
    expect(error.message).toMatch(/exceeded memory limit of 64 MB \(JS heap \d+ MB \+ Buffers\/ArrayBuffers 1\d\d MB\)/);
    // The 160 MB went with the instance's thread.
    await until(() => (rssMb(dev) < before + 64 ? true : undefined), 'the RSS to go back down', 5000);

    const next = await post(`${dev.url}/functions/hoard`, { count: 1, mb: 1 });
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ held: 1 });
    expect(next.headers.get('x-neosl-cold-start')).toBe('true');
    expect(dev.stderr()).toMatch(/POST \/functions\/hoard 502 [\d.]+ ms( \(cold\))? OUT_OF_MEMORY/);
    expect(dev.stderr()).toContain('✘ error hoard: the instance exceeded memory limit of 64 MB');
    // The 502 counts; the fault that caused it is not counted again.
    expect(await summary(dev, 'hoard')).toMatchObject({ requests: 3, errors: 1 });
    await stillServing(dev);
  });
});
