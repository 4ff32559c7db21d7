// The JSON Schema of neosl.yaml, checked with a real validator (Ajv, draft-07) against what the
// loader accepts: every generated and fixture neosl.yaml passes, unknown keys and wrong types fail,
// and the schema is never stricter than the zod schema it is made from.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { inputJsonSchema, neoslJsonSchema } from '../../src/config/json-schema.js';
import { DURATION_PATTERN, SIZE_PATTERN } from '../../src/config/json-schema-inputs.js';
import { configSchema, functionSchema } from '../../src/config/schema.js';
import { parseDuration, parseSize } from '../../src/config/units.js';
import { listTemplates } from '../../src/scaffold/catalog.js';
import { projectConfigYaml } from '../../src/scaffold/neosl-yaml.js';
import { functionEntry } from '../../src/scaffold/plan-files.js';
import { repoRoot } from '../helpers/spawn-neosl.js';

type Schema = Record<string, any>;

const schema = neoslJsonSchema() as Schema;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function verdict(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

const functionProperties = (): Schema => schema.properties.functions.anyOf[0].additionalProperties.properties;

function fixtureConfigs(dir = join(repoRoot, 'test/fixtures')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : fixtureConfigs(path);
    return /^neosl\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

describe('the JSON Schema of neosl.yaml', () => {
  it('is draft-07 and names every key of the zod schema, so new keys appear without a change to the generator', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(configSchema.shape).sort());
    expect(Object.keys(functionProperties()).sort()).toEqual(Object.keys(functionSchema.shape).sort());
    expect(schema.required).toEqual(['name']);
  });

  it.each(listTemplates().map((template) => [template.name, template] as const))('accepts the neosl.yaml that init writes for the %s template', (_name, template) => {
    const yaml = projectConfigYaml('my-app', { [template.defaultName]: functionEntry(template, template.defaultName) });
    const document = parse(yaml) as unknown;
    expect(configSchema.safeParse(document).success).toBe(true);
    expect(verdict(document)).toEqual([]);
  });

  it('accepts every neosl.yaml of the test fixtures', () => {
    const files = fixtureConfigs();
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(verdict(parse(readFileSync(file, 'utf8'))), file).toEqual([]);
  });

  it('accepts the shorthands and unit forms the loader accepts', () => {
    const document = {
      name: 'edge-cases',
      functions: {
        a: {
          timeout: '1m30s',
          memory: '512 MiB',
          environment: { PLAIN: 'x', COUNT: 3, ENABLED: true },
          scaling: { cooldownPeriod: 90 },
          rateLimit: { windowMs: 500, max: 10 },
          triggers: [
            { schedule: '*/5 * * * *' },
            { schedule: { cron: '0 0 * * *', timezone: 'UTC', retry: { attempts: 2, initialDelay: '250ms', maxDelay: '1s' } } },
            { http: { method: 'get', path: '/a' } },
            { blockchain: { event: 'block' } },
          ],
          bench: { data: { any: ['json'] }, duration: '2s', connections: 5 },
          permissions: ['secrets:read'],
          secrets: ['API_KEY'],
        },
      },
      cache: { redis: { url: 'redis://localhost:6379' }, memory: { maxEntries: 10 } },
      database: { url: 'sqlite::memory:' },
      blockchain: {
        blockInterval: 'manual',
        contracts: { '0x0000000000000000000000000000000000000001': { symbol: [{ type: 'ByteString', value: 'TST' }], decimals: { stack: [{ type: 'Integer', value: '8' }], state: 'HALT' } } },
      },
      dev: { port: 0, bodyLimit: '1mb', bodyTimeout: 5, allowedHosts: true, rpcAllowedOrigins: ['*', 'https://app.example.com'] },
      deploy: { targets: { prod: { url: 'https://fn.example.com', token: '${env.PROD_TOKEN}' }, local: { url: 'http://127.0.0.1:8080' } }, default: 'prod' },
    };
    expect(configSchema.safeParse(document).error?.issues).toBeUndefined();
    expect(verdict(document)).toEqual([]);
    expect(verdict({ name: 'no-functions-yet', functions: null })).toEqual([]);
    expect(verdict({ name: 'no-functions-key' })).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', { name: 'x', functions: {}, deployment: {} }, '/ must NOT have additional properties'],
    ['a deploy target without a url', { name: 'x', deploy: { targets: { prod: { token: 't' } } } }, "/deploy/targets/prod must have required property 'url'"],
    ['a secret name that is not a string', { name: 'x', functions: { a: { secrets: [1] } } }, '/functions/a/secrets/0 must be string'],
    ['an unknown function key', { name: 'x', functions: { a: { timeOut: '5s' } } }, '/functions/a must NOT have additional properties'],
    ['an unknown trigger kind', { name: 'x', functions: { a: { triggers: [{ cron: '* * * * *' }] } } }, '/functions/a/triggers/0 must NOT have additional properties'],
    ['a boolean timeout', { name: 'x', functions: { a: { timeout: true } } }, '/functions/a/timeout must be number,string'],
    ['a duration with a made-up unit', { name: 'x', functions: { a: { timeout: '30 seconds' } } }, '/functions/a/timeout must match pattern'],
    ['a size in a duration unit', { name: 'x', dev: { bodyLimit: '6s' } }, '/dev/bodyLimit must match pattern'],
    ['a port as text', { name: 'x', dev: { port: 'eighty' } }, '/dev/port must be integer'],
    ['a list where a mapping goes', { name: 'x', functions: { a: { scaling: [1] } } }, '/functions/a/scaling must be object'],
    ['an unknown permission', { name: 'x', functions: { a: { permissions: ['everything'] } } }, '/functions/a/permissions/0 must be equal to one of the allowed values'],
    ['no name', { functions: {} }, "/ must have required property 'name'"],
  ])('rejects %s', (_what, document, expected) => {
    expect(configSchema.safeParse(document).success).toBe(false);
    expect(verdict(document).some((message) => message.startsWith(expected))).toBe(true);
  });

  it('states defaults as a user writes them: "30s" for a timeout kept in milliseconds', () => {
    const fn = functionProperties();
    expect(fn.timeout.default).toBe('30s');
    expect(fn.memory.default).toBe(256);
    expect(fn.scaling.properties.cooldownPeriod.default).toBe('5m');
    expect(schema.properties.dev.properties.bodyLimit.default).toBe('6mb');
    expect(schema.properties.dev.properties.port.default).toBe(8700);
    // Each stated default parses to what the loader fills in when the key is left out.
    const defaults = configSchema.parse({ name: 'x', functions: { a: {} } });
    const written = configSchema.parse({ name: 'x', functions: { a: { timeout: fn.timeout.default, memory: fn.memory.default } }, dev: { bodyLimit: '6mb' } });
    expect(written.functions.a!.timeout).toBe(defaults.functions.a!.timeout);
    expect(written.functions.a!.memory).toBe(defaults.functions.a!.memory);
    expect(written.dev.bodyLimit).toBe(defaults.dev.bodyLimit);
  });

  it('says what a bare number means for each unit', () => {
    const fn = functionProperties();
    expect(fn.timeout.description).toMatch(/bare number is in seconds/);
    expect(fn.rateLimit.properties.windowMs.description).toMatch(/bare number is in milliseconds/);
    expect(fn.memory.description).toMatch(/bare number is in MB/);
    expect(schema.properties.dev.properties.bodyLimit.description).toMatch(/bare number is in bytes/);
  });
});

describe('the generator', () => {
  // Keys of the kinds neosl.yaml uses, as a future key of the zod schema would be written.
  const toMs = (value: unknown) => parseDuration(value as string, 's');
  const future = z.strictObject({
    grace: z.unknown().transform(toMs).default(90_000).describe('How long to wait before giving up.'),
    plain: z.string().optional(),
    every: z.preprocess((value) => (typeof value === 'string' ? { interval: value } : value), z.strictObject({ interval: z.string(), jitter: z.boolean().optional() })),
  });

  it('describes a new duration key, keeps its zod description and writes its default as input', () => {
    const generated = inputJsonSchema(future) as Schema;
    expect(generated.properties.grace).toMatchObject({
      description: 'How long to wait before giving up.',
      type: ['number', 'string'],
      pattern: DURATION_PATTERN,
      default: '90s',
    });
    expect(generated.additionalProperties).toBe(false);
    expect(generated.required).toEqual(['every']);
  });

  it('offers a new shorthand as an alternative to the form it expands to', () => {
    const every = (inputJsonSchema(future) as Schema).properties.every;
    expect(every.anyOf).toHaveLength(2);
    expect(every.anyOf[0]).toMatchObject({ type: 'object', additionalProperties: false });
    expect(every.anyOf[1]).toMatchObject({ type: 'string', description: 'Short for { interval: … }.' });
  });
});

describe('the unit patterns', () => {
  const accepts = (pattern: string, text: string) => new RegExp(pattern).test(text);
  const parsesAs = (parse: () => unknown) => {
    try {
      parse();
      return true;
    } catch {
      return false;
    }
  };

  it('match exactly the strings units.ts parses', () => {
    const samples = ['30s', '1m30s', '1m 30s', ' 5 m ', '250ms', '1.5h', '.5d', '30', '2S', '1MS', 'ms', '30 seconds', '-1s', '1m-30s', '6mb', '512 KiB', '1g', '1GB', 'kib', '6mbs', '12', '', ' ', '1.', '1e3'];
    for (const text of samples) {
      expect(accepts(DURATION_PATTERN, text), `duration ${JSON.stringify(text)}`).toBe(parsesAs(() => parseDuration(text, 's')));
      expect(accepts(SIZE_PATTERN, text), `size ${JSON.stringify(text)}`).toBe(parsesAs(() => parseSize(text, 'b')));
    }
  });

  it('agree with units.ts on random strings of their alphabet', () => {
    const alphabet = ['1', '0', '.', ' ', 'm', 's', 'h', 'd', 'k', 'b', 'g', 'i', 'M', 'S', 'B', 'x', '-'];
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 5000; round++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 7) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(accepts(DURATION_PATTERN, text), `duration ${JSON.stringify(text)}`).toBe(parsesAs(() => parseDuration(text, 's')));
      expect(accepts(SIZE_PATTERN, text), `size ${JSON.stringify(text)}`).toBe(parsesAs(() => parseSize(text, 'b')));
    }
  });
});
