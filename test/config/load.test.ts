import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { displayPath } from '../../src/util/display-path.js';
import { formatUserError } from '../../src/output/format-error.js';
import type { Colors } from '../../src/output/colors.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';
import { loadError, summary } from './load-helpers.js';

const plain = new Proxy({}, { get: () => (text: string) => text }) as Colors;

describe('loadConfig: reporting problems', () => {
  it('reports three different mistakes at once, each with its line, key path and hint', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': [
        'name: my-app',
        'functions:',
        '  hello:',
        '    timout: 30s',
        '    memory: 512MB',
        '    scaling:',
        '      maxInstances: ten',
        '    bench:',
        '      duration: forever',
        '',
      ].join('\n'),
    });
    const file = join(dir, 'neosl.yaml');
    const error = await loadError({ cwd: dir });

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${file} has 3 problems`);
    expect(summary(error)).toEqual([
      [4, 'unknown key "timout" in functions.hello', 'did you mean "timeout"?'],
      [7, 'functions.hello.scaling.maxInstances: expected a whole number, got "ten"', undefined],
      [
        9,
        'functions.hello.bench.duration: expected a duration like "250ms", "30s", "5m", "1h" or "1d", got "forever"',
        'a bare number is in seconds',
      ],
    ]);
    expect(error.diagnostics.map((d) => d.location)).toEqual([
      { file, line: 4, column: 5, lineText: '    timout: 30s', length: 6 },
      { file, line: 7, column: 21, lineText: '      maxInstances: ten', length: 3 },
      { file, line: 9, column: 17, lineText: '      duration: forever', length: 7 },
    ]);

    const printed = formatUserError(error, plain);
    expect(printed).toContain(`${file}:4:5: unknown key "timout" in functions.hello`);
    expect(printed).toContain('hint: Did you mean "timeout"?');
    expect(printed).toContain(`${file}:9:17: functions.hello.bench.duration`);
  });

  it('reports problems in file order, from every section, with hints for typos in values', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': [
        'name: My App',
        'functions:',
        '  hello:',
        '    permissions: [secrets:reed]',
        '    retry: { attempts: "3", backof: linear }',
        '  my-fn: {}',
        'dev: { port: 99999, allowedOrigins: ["https://app.example.com/path"] }',
        'cache: { redis: { url: "http://localhost:6379" } }',
        'extra: 1',
      ].join('\n'),
    });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [1, expect.stringMatching(/^name: "My App" is not a valid project name/), 'did you mean "my-app"?'],
      [
        4,
        'functions.hello.permissions[0]: expected "blockchain:transfer", "blockchain:invoke", "functions:execute" or "secrets:read", got "secrets:reed"',
        'did you mean "secrets:read"?',
      ],
      [5, 'functions.hello.retry.attempts: expected a whole number, got "3"', 'write the number without quotes'],
      [5, 'unknown key "backof" in functions.hello.retry', 'did you mean "backoff"?'],
      [6, expect.stringMatching(/^functions: invalid function name "my-fn": it must be a JavaScript identifier/), 'did you mean "myFn"?'],
      [7, 'dev.port: must be at most 65535, got 99999', undefined],
      [7, 'dev.allowedOrigins[0]: expected an origin like "https://app.example.com" or "http://localhost:3000", got "https://app.example.com/path"', 'an origin is a scheme, a host and an optional port, without a path'],
      [8, 'cache.redis.url: expected a redis:// or rediss:// URL, got "http://localhost:6379"', undefined],
      [9, 'unknown key "extra" at the top level', 'allowed keys: name, functions, cache, database, blockchain, dev, deploy'],
    ]);
  });

  it('reports a missing required key at its parent', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': 'functions:\n  hello:\n    rateLimit: { windowMs: 1000 }\n' });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [1, 'missing required key "name"', undefined],
      [3, 'functions.hello.rateLimit: missing required key "max"', undefined],
    ]);
  });

  it('reports YAML syntax errors with their line', async () => {
    const dir = tempProject({
      'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    triggers: [ { http: { method: GET }\n    timeout: 5s\n',
    });
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.diagnostics.length).toBeGreaterThan(0);
    expect(error.diagnostics[0]!.message).toMatch(/^YAML syntax error: /);
    expect(error.diagnostics[0]!.location?.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a duplicate key together with schema problems', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    timeout: 5s\n    timeout: 10s\n    memory: lots\n',
    });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [5, 'duplicate key "timeout"', expect.stringContaining('each key may appear once')],
      [6, 'functions.hello.memory: expected a size in MB like 256, "512MB" or "1GB", got "lots"', 'a bare number is in MB'],
    ]);
  });

  it('says so when neosl.yaml is empty or not a mapping', async () => {
    const empty = await loadError({ cwd: tempProject({ 'neosl.yaml': '# nothing yet\n' }) });
    expect(empty.code).toBe('CONFIG_INVALID');
    expect(empty.message).toMatch(/neosl\.yaml is empty$/);
    expect(empty.hint).toContain('name: my-app');

    const list = await loadError({ cwd: tempProject({ 'neosl.yaml': '- name: my-app\n' }) });
    expect(summary(list)).toEqual([[1, 'expected a mapping of keys like "name: my-app", got a list', undefined]]);
  });
});

describe('loadConfig: finding the file', () => {
  it('walks up from a nested folder and returns the project root', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': 'name: my-app\nfunctions:\n  hello: {}\n' });
    const nested = join(dir, 'functions', 'hello', 'deeper');
    mkdirSync(nested);
    const loaded = await loadConfig({ cwd: nested });
    expect(loaded.file).toBe(join(dir, 'neosl.yaml'));
    expect(loaded.dir).toBe(dir);
    expect(loaded.config.functions.hello!.handler.file).toBe(join(dir, 'functions', 'hello', 'index.ts'));
  });

  it('fails with CONFIG_NOT_FOUND naming the folder searched', async () => {
    const dir = tempProject();
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.message).toContain(dir);
    expect(error.hint).toBe('run "neosl init" to create a project, or pass --cwd <dir>');
  });

  it('loads an explicit file, and fails clearly when it does not exist', async () => {
    const dir = tempProject({ 'conf/custom.yaml': 'name: custom\n' });
    const loaded = await loadConfig({ cwd: dir, file: 'conf/custom.yaml' });
    expect(loaded.config.name).toBe('custom');
    expect(loaded.dir).toBe(join(dir, 'conf'));
    const error = await loadError({ cwd: dir, file: 'missing.yaml' });
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.message).toContain('missing.yaml');
  });

  it('shows paths relative to the working directory when inside it', () => {
    expect(displayPath(join(process.cwd(), 'app', 'neosl.yaml'))).toBe(join('app', 'neosl.yaml'));
    expect(displayPath('/somewhere/else/neosl.yaml')).toBe('/somewhere/else/neosl.yaml');
  });
});

describe('loadConfig: defaults and resolution', () => {
  it('fills every default for a minimal config', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': 'name: my-app\nfunctions:\n  hello: {}\n' });
    const loaded = await loadConfig({ cwd: dir, env: {} });
    expect(loaded.envFile).toBeUndefined();
    expect(loaded.dotenv).toEqual({});
    expect(loaded.config).toEqual({
      name: 'my-app',
      functions: {
        hello: {
          name: 'hello',
          handler: { file: join(dir, 'functions/hello/index.ts'), raw: 'functions/hello/index.ts' },
          timeoutMs: 30_000,
          memoryMb: 256,
          environment: {},
          scaling: { minInstances: 0, maxInstances: 10, targetConcurrency: 80, cooldownMs: 300_000 },
          triggers: [{ kind: 'http', method: 'POST', path: '/functions/hello' }],
          bench: { connections: 50, durationMs: 10_000 },
          permissions: [],
          secrets: [],
        },
      },
      cache: { memory: { maxEntries: 10_000 } },
      database: { kind: 'sqlite', url: 'sqlite:.neosl/state/db.sqlite', file: join(dir, '.neosl/state/db.sqlite') },
      blockchain: { blockIntervalMs: 1000, contracts: {} },
      dev: { port: 8700, host: '127.0.0.1', bodyLimitBytes: 6 * 1024 * 1024, bodyTimeoutMs: 30_000, allowedHosts: [], allowedOrigins: [], rpcAllowedOrigins: ['*'] },
      deploy: { targets: {} },
    });
  });

  it('accepts a project without functions, and `functions:` left empty', async () => {
    for (const yaml of ['name: my-app\n', 'name: my-app\nfunctions:\n']) {
      const loaded = await loadConfig({ cwd: tempProject({ 'neosl.yaml': yaml }) });
      expect(loaded.config.functions).toEqual({});
    }
  });

  it('parses units and the full example from the docs', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': [
        'name: my-app',
        'functions:',
        '  hello:',
        '    handler: functions/hello/index.ts#greet',
        '    timeout: 1.5s',
        '    memory: 1GB',
        '    environment: { GREETING: hi, COUNT: 3, DEBUG: true }',
        '    scaling: { minInstances: 1, maxInstances: 4, targetConcurrency: 20, cooldownPeriod: 5m }',
        '    rateLimit: { windowMs: 60000, max: 100 }',
        '    bench: { data: { name: neo }, connections: 10, duration: 30, rate: 500, method: get }',
        '    permissions: [secrets:read, blockchain:invoke, secrets:read]',
        '    retry: { attempts: 3, backoff: linear, initialDelay: 500, maxDelay: 10s }',
        'cache: { redis: { url: "redis://127.0.0.1:6379" }, memory: { maxEntries: 50 } }',
        'database: { url: "sqlite::memory:" }',
        'blockchain: { rpcUrl: "http://127.0.0.1:50012", blockInterval: 15 }',
        'dev: { port: 9000, host: 0.0.0.0, bodyLimit: 512kb, bodyTimeout: 5s, allowedHosts: [.corp.example], allowedOrigins: ["https://app.example.com"], rpcAllowedOrigins: ["https://dapp.example"] }',
      ].join('\n'),
    });
    const { config } = await loadConfig({ cwd: dir });
    const hello = config.functions.hello!;
    expect(hello.handler).toEqual({ file: join(dir, 'functions/hello/index.ts'), exportName: 'greet', raw: 'functions/hello/index.ts#greet' });
    expect(hello.timeoutMs).toBe(1500);
    expect(hello.memoryMb).toBe(1024);
    expect(hello.environment).toEqual({ GREETING: 'hi', COUNT: '3', DEBUG: 'true' });
    expect(hello.scaling).toEqual({ minInstances: 1, maxInstances: 4, targetConcurrency: 20, cooldownMs: 300_000 });
    expect(hello.rateLimit).toEqual({ windowMs: 60_000, max: 100, message: 'Too many requests' });
    expect(hello.bench).toEqual({ declared: true, data: { name: 'neo' }, connections: 10, durationMs: 30_000, rate: 500, method: 'GET' });
    expect(hello.permissions).toEqual(['secrets:read', 'blockchain:invoke']);
    expect(hello.retry).toEqual({ attempts: 3, backoff: 'linear', initialDelayMs: 500, maxDelayMs: 10_000 });
    expect(config.cache).toEqual({ redis: { url: 'redis://127.0.0.1:6379' }, memory: { maxEntries: 50 } });
    expect(config.database).toEqual({ kind: 'sqlite-memory', url: 'sqlite::memory:' });
    expect(config.blockchain).toEqual({ rpcUrl: 'http://127.0.0.1:50012', blockIntervalMs: 15_000, contracts: {} });
    expect(config.dev).toEqual({
      port: 9000,
      host: '0.0.0.0',
      bodyLimitBytes: 512 * 1024,
      bodyTimeoutMs: 5000,
      allowedHosts: ['.corp.example'],
      allowedOrigins: ['https://app.example.com'],
      rpcAllowedOrigins: ['https://dapp.example'],
    });
  });

  it('checks scaling and retry bounds against each other', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': [
        'name: my-app',
        'functions:',
        '  hello:',
        '    scaling: { minInstances: 5, maxInstances: 2 }',
        '    retry: { attempts: 1, initialDelay: 5s, maxDelay: 1s }',
        '    memory: 8',
      ].join('\n'),
    });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [4, 'functions.hello.scaling.minInstances: minInstances (5) is more than maxInstances (2)', undefined],
      [5, 'functions.hello.retry.maxDelay: maxDelay (1000ms) is less than initialDelay (5000ms)', undefined],
      [6, 'functions.hello.memory: must be at least 16 MB, got 8', undefined],
    ]);
  });
});

describe('loadConfig: handler files', () => {
  it('reports a missing handler at its value, with the closest existing file', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    handler: functions/helo/index.ts\n',
    });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [4, 'functions.hello.handler: "functions/helo/index.ts" does not exist', 'did you mean "functions/hello/index.ts"?'],
    ]);
    expect(error.diagnostics[0]!.location).toMatchObject({ column: 14, length: 'functions/helo/index.ts'.length });
  });

  it('reports a missing default handler at the function name', async () => {
    const dir = tempProject({ 'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    timeout: 5s\n' });
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [
        3,
        'functions.hello: handler file "functions/hello/index.ts" (the default) does not exist',
        'create functions/hello/index.ts, or set "handler: path/to/file.ts"',
      ],
    ]);
  });

  it('rejects a handler that is not a source file, or a folder', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    handler: functions/hello\n  other:\n    handler: functions/hello.ts/\n',
    });
    mkdirSync(join(dir, 'functions', 'hello.ts'));
    const error = await loadError({ cwd: dir });
    expect(summary(error)).toEqual([
      [4, expect.stringMatching(/^functions\.hello\.handler: expected a TypeScript or JavaScript file/), expect.any(String)],
      [6, expect.stringMatching(/^functions\.other\.handler: expected a TypeScript or JavaScript file/), expect.any(String)],
    ]);
  });
});

describe('loadConfig: environment', () => {
  it('expands ${env.NAME} from .env and the process environment, which wins', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      '.env': 'API_URL=https://api.example.com\nSHARED=from-dotenv\n',
      'neosl.yaml': [
        'name: my-app',
        'functions:',
        '  hello:',
        '    environment:',
        '      URL: "${env.API_URL}/v1"',
        '      SHARED: ${env.SHARED}',
        '      LITERAL: no references',
      ].join('\n'),
    });
    const loaded = await loadConfig({ cwd: dir, env: { SHARED: 'from-process' } });
    expect(loaded.config.functions.hello!.environment).toEqual({
      URL: 'https://api.example.com/v1',
      SHARED: 'from-process',
      LITERAL: 'no references',
    });
    expect(loaded.envFile).toBe(join(dir, '.env'));
    expect(loaded.dotenv).toEqual({ API_URL: 'https://api.example.com', SHARED: 'from-dotenv' });
  });

  it('reports an unset variable at its value', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    environment:\n      KEY: "${env.SECRET_KEY}"\n',
    });
    const error = await loadError({ cwd: dir, env: {} });
    expect(summary(error)).toEqual([
      [5, 'functions.hello.environment.KEY: ${env.SECRET_KEY} is not set', 'set SECRET_KEY in .env or the environment'],
    ]);
  });

  it('reports bad .env lines together with neosl.yaml problems', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      '.env': 'OK=1\nnot a pair\n',
      'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    timeout: never\n',
    });
    const error = await loadError({ cwd: dir, env: {} });
    expect(error.message).toBe(`2 problems in ${join(dir, 'neosl.yaml')} and ${join(dir, '.env')}`);
    expect(error.diagnostics.map((d) => [d.location?.file, d.location?.line])).toEqual([
      [join(dir, 'neosl.yaml'), 4],
      [join(dir, '.env'), 2],
    ]);
  });

  it('reads an explicit env file instead of .env', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      '.env': 'WHO=default\n',
      '.env.test': 'WHO=test\n',
      'neosl.yaml': 'name: my-app\nfunctions:\n  hello:\n    environment: { WHO: "${env.WHO}" }\n',
    });
    const loaded = await loadConfig({ cwd: dir, env: {}, envFile: '.env.test' });
    expect(loaded.config.functions.hello!.environment.WHO).toBe('test');
    const error = await loadError({ cwd: dir, env: {}, envFile: '.env.missing' });
    expect(error.code).toBe('ENV_FILE_NOT_FOUND');
  });
});
