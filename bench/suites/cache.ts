// The cache levels' throughput against what they wrap: the memory level against a plain Map (the
// guide's own in-memory cache), and the redis level on ioredis-mock against calling ioredis-mock
// directly with the same JSON text.
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { median } from '../measure.js';
import { createMemoryCache } from '../../src/backends/cache/memory-cache.js';
import { createRedisCache } from '../../src/backends/cache/redis-cache.js';
import { openRedisConnection } from '../../src/backends/cache/redis-connection.js';

const KEYS = 1000;
const keys = Array.from({ length: KEYS }, (_, i) => `block:${i}`);
const value = { index: 1234567, hash: '0x9f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100', txs: ['0xaa', '0xbb', '0xcc'], size: 1024, confirmed: true };
const json = JSON.stringify(value);

type Op = (i: number) => unknown;

/** Operations per second of `op` run back to back (awaited when it returns a promise) for about `ms`. */
async function opsPerSecond(op: Op, ms: number): Promise<number> {
  let done = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 1000; i++) {
      const result = op(done + i);
      if (result instanceof Promise) await result;
    }
    done += 1000;
    elapsed = performance.now() - started;
  }
  return (done / elapsed) * 1000;
}

/** Median ops/s of each op, rounds interleaved so that noise hurts them alike; one warm-up round first. */
async function compare(ops: Op[], rounds: number, ms: number): Promise<number[]> {
  const samples = ops.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [index, op] of ops.entries()) {
      const rate = await opsPerSecond(op, ms);
      if (round >= 0) samples[index]!.push(rate);
    }
  }
  return samples.map(median);
}

export const cacheBenchmarks: Benchmark = {
  name: 'cache',
  async run() {
    const rounds = Number(process.env.NEOSL_BENCH_RUNS ?? 5);
    const ms = 200;
    const notes = `median of ${rounds} x ${ms} ms, ${KEYS} keys, a ${json.length}-byte object`;
    const results: BenchmarkResult[] = [];
    const result = (name: string, ours: [string, number], baseline: [string, number], extra: string, target?: number): BenchmarkResult => ({
      name,
      ours: { label: ours[0], value: ours[1], unit: 'ops/s' },
      baseline: { label: baseline[0], value: baseline[1], unit: 'ops/s' },
      better: 'higher',
      ...(target === undefined ? {} : { target }),
      notes: `${notes}; ${extra}`,
    });

    // Memory level vs Map. The Map keeps references and is synchronous; the memory level awaits,
    // validates, tracks LRU order and TTLs, and copies through JSON.
    const memory = createMemoryCache({ maxEntries: 10_000 });
    const map = new Map<string, unknown>();
    for (const key of keys) {
      await memory.set(key, value);
      map.set(key, value);
    }
    const [memorySet, mapSet] = await compare([(i) => memory.set(keys[i % KEYS]!, value, { ttl: 60 }), (i) => map.set(keys[i % KEYS]!, value)], rounds, ms);
    const [memoryGet, mapGet] = await compare([(i) => memory.get(keys[i % KEYS]!), (i) => map.get(keys[i % KEYS]!)], rounds, ms);
    results.push(result('cache memory set', ['memory.set', memorySet!], ['Map.set', mapSet!], 'JSON copy + LRU + TTL vs a synchronous reference store'));
    results.push(result('cache memory get', ['memory.get', memoryGet!], ['Map.get', mapGet!], 'JSON.parse copy + LRU vs a synchronous reference lookup'));

    // Redis level vs ioredis-mock itself, given the JSON text ready-made.
    const connection = openRedisConnection({ isolated: true });
    try {
      const { client } = connection;
      const level = createRedisCache(client, { prefix: 'bench:' });
      for (const key of keys) {
        await level.set(key, value);
        await client.set(`raw:${key}`, json);
      }
      const [levelSet, rawSet] = await compare([(i) => level.set(keys[i % KEYS]!, value, { ttl: 60 }), (i) => client.set(`raw:${keys[i % KEYS]!}`, json, 'EX', 60)], rounds, ms);
      const [levelGet, rawGet] = await compare([(i) => level.get(keys[i % KEYS]!), (i) => client.get(`raw:${keys[i % KEYS]!}`)], rounds, ms);
      results.push(result('cache redis set (ioredis-mock)', ['redis.set', levelSet!], ['client.set', rawSet!], 'ours stringifies the object; the baseline is given the JSON'));
      results.push(result('cache redis get (ioredis-mock)', ['redis.get', levelGet!], ['client.get', rawGet!], 'ours parses the JSON; the baseline returns the text'));

      // The same, with the baseline doing the JSON itself, as user code without the level would:
      // what remains is the level's own cost (validation, prefix, error mapping).
      const [levelSet2, handSet] = await compare([(i) => level.set(keys[i % KEYS]!, value, { ttl: 60 }), (i) => client.set(`raw:${keys[i % KEYS]!}`, JSON.stringify(value), 'EX', 60)], rounds, ms);
      const [levelGet2, handGet] = await compare([(i) => level.get(keys[i % KEYS]!), (i) => client.get(`raw:${keys[i % KEYS]!}`).then((text) => (text === null ? null : JSON.parse(text)))], rounds, ms);
      results.push(result('cache redis set (ioredis-mock)', ['redis.set', levelSet2!], ['JSON.stringify + client.set', handSet!], 'both stringify', 0.75));
      results.push(result('cache redis get (ioredis-mock)', ['redis.get', levelGet2!], ['client.get + JSON.parse', handGet!], 'both parse', 0.75));
    } finally {
      await connection.close();
    }
    return results;
  },
};
