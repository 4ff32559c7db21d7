// The zod schema of neosl.yaml. Unknown keys are errors at every level; units are parsed here.
//
// Bare numbers in durations: seconds (timeout, cooldownPeriod, bench.duration,
// blockchain.blockInterval), except keys in milliseconds by name or custom (rateLimit.windowMs,
// retry.initialDelay, retry.maxDelay). Bare numbers in sizes: MB for memory, bytes for
// dev.bodyLimit.
//
// `dev` is a neosl extension (the platform has no such key): the emulator's defaults, which
// `neosl dev --port/--host` override, and who may reach it (hosts, origins, RPC CORS). So is
// `deploy`: the `neosl serve` hosts to deploy to, their tokens as `${env.NAME}` expanded only on use.
//
// Defaults that depend on the function's name (handler file, the http trigger) and paths that
// depend on the project directory are filled in by resolve.ts, not here.
import { z } from 'zod';
import { functionNameProblem, toIdentifier } from '../util/identifier.js';
import { didYouMean } from '../util/suggest.js';
import { CRON_EXAMPLE, cronProblem } from './cron.js';
import { sampleProblems } from './sample.js';
import { HTTP_METHODS, PERMISSIONS, RETRY_BACKOFFS, SECRET_NAME } from './types.js';
import type { HttpMethod } from './types.js';
import { DURATION_FORMS, SIZE_FORMS, UnitParseError, describeValue, parseDuration, parseSize } from './units.js';

type Ctx = z.core.$RefinementCtx;

/** Issue params the diagnostics read: a hint, and whether to point at the key instead of the value. */
export interface IssueParams {
  hint?: string;
  at?: 'key';
}

/**
 * For checks that look at keys only: run them even when a value inside failed, so that
 * problems are reported together (zod skips refinements after failures by default).
 */
const RUN_ALWAYS = {
  when: (payload: z.core.ParsePayload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
};

function addIssue(ctx: Ctx, message: string, params: IssueParams = {}, path?: (string | number)[]): void {
  ctx.addIssue({ code: 'custom', message, params, input: ctx.value, ...(path ? { path } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Names

/** What `#exportName` in a handler must look like. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const PACKAGE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

const projectNameSchema = z.string().check((ctx) => {
  const name = ctx.value;
  if (PACKAGE_NAME.test(name) && name.length <= 214) return;
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  ctx.issues.push({
    code: 'custom',
    message: `${describeValue(name)} is not a valid project name: use lowercase letters, digits, "-", "_" and "." (like an npm package name)`,
    input: name,
    params: fixed && fixed !== name && PACKAGE_NAME.test(fixed) ? { hint: `did you mean "${fixed}"?` } : {},
  });
});

// ---------------------------------------------------------------------------------------------
// Units

/** A duration's upper bound and why it is there, said in the error. */
interface DurationMax {
  ms: number;
  shown: string;
  reason: string;
  hint?: string;
}

/** The platform's limit on one invocation: code that passes locally must not fail once deployed. */
const MAX_TIMEOUT: DurationMax = {
  ms: 15 * 60_000,
  shown: '15m',
  reason: 'the platform limit for one invocation',
  hint: 'split longer work into steps, e.g. a schedule trigger that processes one batch per run',
};
/** Delays neosl waits with a timer, which cannot hold more than 2^31-1 ms (~24.8 days). */
const MAX_TIMER_DELAY: DurationMax = { ms: 24 * 86_400_000, shown: '24d', reason: 'the longest wait a timer can hold' };

function duration(bareNumberUnit: 'ms' | 's', options: { min?: number; max?: DurationMax } = {}) {
  const bareHint = `a bare number is in ${bareNumberUnit === 's' ? 'seconds' : 'milliseconds'}`;
  return z.unknown().transform((value, ctx) => {
    let ms: number;
    try {
      if (typeof value !== 'number' && typeof value !== 'string') {
        throw new UnitParseError(`expected a duration like ${DURATION_FORMS}, got ${describeValue(value)}`);
      }
      ms = parseDuration(value, bareNumberUnit);
    } catch (error) {
      if (!(error instanceof UnitParseError)) throw error;
      addIssue(ctx, error.message, { hint: bareHint });
      return z.NEVER;
    }
    if (options.min !== undefined && ms < options.min) {
      addIssue(ctx, `must be at least ${options.min}ms, got ${describeValue(value)}`);
      return z.NEVER;
    }
    if (options.max !== undefined && ms > options.max.ms) {
      // A bare number over the limit is most likely milliseconds written for seconds.
      const hint = typeof value === 'number' ? bareHint : options.max.hint;
      addIssue(ctx, `must be at most ${options.max.shown} (${options.max.reason}), got ${describeValue(value)}`, hint ? { hint } : {});
      return z.NEVER;
    }
    return ms;
  });
}

const MB = 1024 * 1024;

const memorySchema = z.unknown().transform((value, ctx) => {
  const forms = `expected a size in MB like 256, "512MB" or "1GB", got ${describeValue(value)}`;
  if (typeof value !== 'number' && typeof value !== 'string') {
    addIssue(ctx, forms);
    return z.NEVER;
  }
  let bytes: number;
  try {
    bytes = parseSize(value, 'mb');
  } catch (error) {
    if (!(error instanceof UnitParseError)) throw error;
    addIssue(ctx, forms, { hint: 'a bare number is in MB' });
    return z.NEVER;
  }
  const mb = bytes / MB;
  if (!Number.isInteger(mb)) {
    addIssue(ctx, `must be a whole number of MB, got ${describeValue(value)}`);
    return z.NEVER;
  }
  if (mb < 16) {
    addIssue(ctx, `must be at least 16 MB, got ${describeValue(value)}`);
    return z.NEVER;
  }
  return mb;
});

const bodyLimitSchema = z.unknown().transform((value, ctx) => {
  try {
    if (typeof value !== 'number' && typeof value !== 'string') {
      throw new UnitParseError(`expected a size like ${SIZE_FORMS}, got ${describeValue(value)}`);
    }
    const bytes = parseSize(value, 'b');
    if (bytes < 1) throw new UnitParseError(`must be more than 0 bytes, got ${describeValue(value)}`);
    return bytes;
  } catch (error) {
    if (!(error instanceof UnitParseError)) throw error;
    addIssue(ctx, error.message, { hint: 'a bare number is in bytes' });
    return z.NEVER;
  }
});

// ---------------------------------------------------------------------------------------------
// Small pieces

const positiveInt = z.int().min(1);
const nonNegativeInt = z.int().min(0);
const nonEmptyString = z.string().min(1);

const httpMethodSchema = z.string().transform((value, ctx): HttpMethod => {
  const upper = value.trim().toUpperCase();
  if ((HTTP_METHODS as readonly string[]).includes(upper)) return upper as HttpMethod;
  const hint = didYouMean(upper, HTTP_METHODS);
  addIssue(ctx, `expected an HTTP method (${HTTP_METHODS.join(', ')}), got ${describeValue(value)}`, hint ? { hint } : {});
  return z.NEVER;
});

const httpPathSchema = z.string().check((ctx) => {
  const path = ctx.value;
  if (path.startsWith('/') && !/[\s?#]/.test(path)) return;
  const problem = !path.startsWith('/')
    ? `must start with "/", got ${describeValue(path)}`
    : `must be a plain path without spaces, "?" or "#", got ${describeValue(path)}`;
  const fixed = path.startsWith('/') ? undefined : `/${path.trim()}`;
  ctx.issues.push({
    code: 'custom',
    message: problem,
    input: path,
    params: fixed && !/[\s?#]/.test(fixed) ? { hint: `did you mean "${fixed}"?` } : {},
  });
});

const retrySchema = z
  .strictObject({
    attempts: nonNegativeInt,
    backoff: z.enum(RETRY_BACKOFFS).default('exponential'),
    initialDelay: duration('ms', { max: MAX_TIMER_DELAY }).default(1000),
    maxDelay: duration('ms', { max: MAX_TIMER_DELAY }).default(30_000),
  })
  .superRefine((retry, ctx) => {
    if (retry.maxDelay < retry.initialDelay) {
      addIssue(ctx, `maxDelay (${retry.maxDelay}ms) is less than initialDelay (${retry.initialDelay}ms)`, {}, ['maxDelay']);
    }
  });

const triggerOptions = {
  concurrency: positiveInt.optional(),
  retry: retrySchema.optional(),
};

// ---------------------------------------------------------------------------------------------
// Triggers

const httpTriggerSchema = z.strictObject({
  method: httpMethodSchema,
  path: httpPathSchema,
  ...triggerOptions,
});

const cronSchema = z.string().check((ctx) => {
  const problem = cronProblem(ctx.value);
  if (problem === undefined) return;
  ctx.issues.push({
    code: 'custom',
    message: `${describeValue(ctx.value)} is not a valid cron expression: ${problem}`,
    input: ctx.value,
    params: { hint: `for example ${CRON_EXAMPLE}` },
  });
});

const timezoneSchema = z.string().check((ctx) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: ctx.value });
  } catch {
    ctx.issues.push({
      code: 'custom',
      message: `unknown time zone ${describeValue(ctx.value)}`,
      input: ctx.value,
      params: { hint: 'use an IANA name like "UTC" or "Europe/Berlin"' },
    });
  }
});

/** `schedule: "<cron>"` is short for `schedule: { cron: "<cron>" }`. */
const scheduleTriggerSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { cron: value } : value),
  z.strictObject({
    cron: cronSchema,
    timezone: timezoneSchema.optional(),
    ...triggerOptions,
  }),
);

const CONTRACT_HASH = /^0x[0-9a-fA-F]{40}$/;

const contractHashSchema = z.string().check((ctx) => {
  const hash = ctx.value;
  if (CONTRACT_HASH.test(hash)) return;
  const hint = /^[0-9a-fA-F]{40}$/.test(hash) ? `did you mean "0x${hash}"?` : 'a script hash is 20 bytes: "0x" and 40 hex digits';
  ctx.issues.push({
    code: 'custom',
    message: `expected a contract script hash ("0x" followed by 40 hex digits), got ${describeValue(hash)}`,
    input: hash,
    params: { hint },
  });
});

const blockchainTriggerSchema = z
  .strictObject({
    contract: contractHashSchema.optional(),
    event: nonEmptyString,
    filters: z.record(z.string(), z.unknown()).optional(),
    ...triggerOptions,
  })
  .superRefine((trigger, ctx) => {
    if (trigger.contract === undefined && trigger.event !== 'block') {
      addIssue(ctx, `missing "contract": the "${trigger.event}" event needs the script hash of the contract that emits it`, {
        hint: 'add contract: "0x…", or use event: block to run on every new block',
      });
    }
    if (trigger.contract !== undefined && trigger.event === 'block') {
      addIssue(ctx, '"block" is not a contract event; event: block runs on every new block and takes no contract', {}, ['event']);
    }
    if (trigger.contract === undefined && trigger.filters !== undefined) {
      addIssue(ctx, 'filters apply to contract events only', {}, ['filters']);
    }
  });

export const TRIGGER_KINDS = ['http', 'schedule', 'blockchain'] as const;

const triggerSchema = z
  .strictObject({
    http: httpTriggerSchema.optional(),
    schedule: scheduleTriggerSchema.optional(),
    blockchain: blockchainTriggerSchema.optional(),
  })
  .superRefine((trigger, ctx) => {
    const kinds = TRIGGER_KINDS.filter((kind) => trigger[kind] !== undefined);
    if (kinds.length === 1) return;
    const list = '"http", "schedule" or "blockchain"';
    if (kinds.length === 0) {
      // An unknown key here is almost always the kind misspelled; its "did you mean" says it all.
      if (ctx.issues.some((issue) => issue.code === 'unrecognized_keys')) return;
      addIssue(ctx, `a trigger needs one of ${list}`, { hint: 'for example "- http: { method: GET, path: /hello }"' });
      return;
    }
    addIssue(ctx, `a trigger has exactly one of ${list}, this one has ${kinds.map((kind) => `"${kind}"`).join(' and ')}`, {
      hint: `make each its own list item: ${kinds.map((kind) => `"- ${kind}: …"`).join(', ')}`,
    });
  }, RUN_ALWAYS);

// ---------------------------------------------------------------------------------------------
// Functions

const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

export interface HandlerSpec {
  /** The path as written, relative to the project (or absolute). */
  file: string;
  exportName?: string;
  raw: string;
}

/** Splits `path/to/file.ts#exportName`; a string explains what is wrong with it. */
export function parseHandlerSpec(raw: string): HandlerSpec | string {
  const hashIndex = raw.indexOf('#');
  const file = (hashIndex === -1 ? raw : raw.slice(0, hashIndex)).trim();
  const exportName = hashIndex === -1 ? undefined : raw.slice(hashIndex + 1).trim();
  if (file === '') return `expected a file path like "functions/hello/index.ts", got ${describeValue(raw)}`;
  if (!HANDLER_EXTENSIONS.some((extension) => file.endsWith(extension))) {
    return `expected a TypeScript or JavaScript file (${HANDLER_EXTENSIONS.join(', ')}), got ${describeValue(file)}`;
  }
  if (exportName !== undefined && !IDENTIFIER.test(exportName)) {
    return `the export after "#" must be a JavaScript identifier, got ${describeValue(exportName)}`;
  }
  return exportName === undefined ? { file, raw } : { file, exportName, raw };
}

const handlerSchema = z.string().transform((raw, ctx): HandlerSpec => {
  const spec = parseHandlerSpec(raw);
  if (typeof spec === 'string') {
    addIssue(ctx, spec, { hint: 'write path/to/file.ts, optionally followed by #exportName' });
    return z.NEVER;
  }
  return spec;
});

const environmentValueSchema = z.unknown().transform((value, ctx) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  addIssue(ctx, `expected a string, number or boolean, got ${describeValue(value)}`, {
    hint: value === null ? 'write "" for an empty value' : 'environment variables are strings; quote the value',
  });
  return z.NEVER;
});

const environmentSchema = z.record(z.string(), environmentValueSchema).superRefine((environment, ctx) => {
  for (const name of Object.keys(environment)) {
    if (name === '' || /[=\s\0]/.test(name)) {
      addIssue(ctx, `${describeValue(name)} is not a valid environment variable name`, { at: 'key' }, [name]);
    }
  }
}, RUN_ALWAYS);

const scalingSchema = z
  .strictObject({
    minInstances: nonNegativeInt.default(0),
    maxInstances: positiveInt.default(10),
    targetConcurrency: positiveInt.default(80),
    cooldownPeriod: duration('s', { max: MAX_TIMER_DELAY }).default(300_000),
  })
  .superRefine((scaling, ctx) => {
    if (scaling.minInstances > scaling.maxInstances) {
      addIssue(ctx, `minInstances (${scaling.minInstances}) is more than maxInstances (${scaling.maxInstances})`, {}, [
        'minInstances',
      ]);
    }
  });

const rateLimitSchema = z.strictObject({
  windowMs: duration('ms', { min: 1 }).default(60_000),
  max: positiveInt,
  message: z.string().default('Too many requests'),
});

const benchSchema = z.strictObject({
  data: z.unknown().optional(),
  connections: positiveInt.default(50),
  duration: duration('s', { min: 1 }).default(10_000),
  rate: z.number().positive().optional(),
  method: httpMethodSchema.optional(),
});

const permissionsSchema = z.array(z.enum(PERMISSIONS)).default([]);

/** Why `name` cannot be a secret's name, or undefined when it can (`neosl secrets set` says the same). */
export function secretNameProblem(name: string): string | undefined {
  if (SECRET_NAME.test(name)) return undefined;
  return `${describeValue(name)} is not a valid secret name: use letters, digits and "_", not starting with a digit`;
}

const secretNameSchema = z.string().check((ctx) => {
  const problem = secretNameProblem(ctx.value);
  if (problem === undefined) return;
  const fixed = ctx.value.trim().replace(/[^A-Za-z0-9_]+/g, '_');
  const hint = fixed !== ctx.value && SECRET_NAME.test(fixed) ? `did you mean "${fixed}"?` : 'for example API_KEY';
  ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, params: { hint } });
});

const secretsSchema = z
  .array(secretNameSchema)
  .superRefine((names, ctx) => {
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) addIssue(ctx, `"${name}" is listed twice`, { hint: 'list each secret once' }, [index]);
    });
  })
  .default([]);

export const functionSchema = z.strictObject({
  handler: handlerSchema.optional(),
  timeout: duration('s', { min: 1, max: MAX_TIMEOUT }).default(30_000),
  memory: memorySchema.default(256),
  environment: environmentSchema.default({}),
  scaling: scalingSchema.prefault({}),
  rateLimit: rateLimitSchema.optional(),
  triggers: z.array(triggerSchema).optional(),
  bench: benchSchema.optional(),
  permissions: permissionsSchema,
  /** The host secrets the function reads with context.secrets.get (locally: .env); a deploy fails when the host lacks one. */
  secrets: secretsSchema,
  retry: retrySchema.optional(),
  /**
   * The input the function is tried with when none is given (`neosl invoke`, `neosl bench` and the
   * dashboard's `b` without bench.data): for a function with http routes a request
   * `{ method?, path?, query?, headers?, body? }`, else any value (checked in functionsSchema,
   * which knows the function's name and so its routes: see sample.ts).
   */
  sample: z.unknown().optional(),
});

const functionsSchema = z.preprocess(
  // `functions:` with nothing under it, as left behind after deleting the last function.
  (value) => (value === null || value === undefined ? {} : value),
  z.record(z.string(), functionSchema).superRefine((functions, ctx) => {
    for (const name of Object.keys(functions)) {
      const problem = functionNameProblem(name);
      if (problem === undefined) continue;
      const suggestion = toIdentifier(name);
      const hint = suggestion !== name && functionNameProblem(suggestion) === undefined ? `did you mean "${suggestion}"?` : undefined;
      addIssue(ctx, `invalid function name ${describeValue(name)}: ${problem}`, { at: 'key', ...(hint ? { hint } : {}) }, [name]);
    }
  }, RUN_ALWAYS).superRefine((functions, ctx) => {
    for (const [name, fn] of Object.entries(functions)) {
      // Partly parsed when another key failed: look before reading.
      const { secrets, permissions } = (fn ?? {}) as Partial<typeof fn>;
      if (Array.isArray(secrets) && secrets.length > 0 && Array.isArray(permissions) && !permissions.includes('secrets:read')) {
        addIssue(ctx, 'the function cannot read these: it lacks the "secrets:read" permission', { hint: 'add "permissions: [secrets:read]"' }, [name, 'secrets']);
      }
      for (const problem of sampleProblems(name, fn)) {
        const params: IssueParams = { ...(problem.hint ? { hint: problem.hint } : {}), ...(problem.at ? { at: problem.at } : {}) };
        addIssue(ctx, problem.message, params, [name, 'sample', ...problem.path]);
      }
    }
  }, RUN_ALWAYS),
);

// ---------------------------------------------------------------------------------------------
// Project-wide sections

function urlSchema(protocols: string[], description: string) {
  return z.string().check((ctx) => {
    let ok = false;
    try {
      const url = new URL(ctx.value);
      ok = protocols.includes(url.protocol) && url.host !== '';
    } catch {
      ok = false;
    }
    if (!ok) ctx.issues.push({ code: 'custom', message: `expected ${description}, got ${describeValue(ctx.value)}`, input: ctx.value });
  });
}

const cacheSchema = z.strictObject({
  /** Absent: the in-process redis fake. */
  redis: z.strictObject({ url: urlSchema(['redis:', 'rediss:'], 'a redis:// or rediss:// URL') }).optional(),
  memory: z.strictObject({ maxEntries: positiveInt.default(10_000) }).prefault({}),
});

export const DEFAULT_DATABASE_URL = 'sqlite:.neosl/state/db.sqlite';

const databaseUrlSchema = z.string().check((ctx) => {
  const url = ctx.value;
  if (url.startsWith('sqlite:') && url.slice('sqlite:'.length).replace(/^\/\//, '').trim() !== '') return;
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
      return;
    } catch {
      // reported below
    }
  }
  ctx.issues.push({
    code: 'custom',
    message: `expected "sqlite:<path>", "sqlite::memory:" or a postgres:// URL, got ${describeValue(url)}`,
    input: url,
    params: { hint: `the default is "${DEFAULT_DATABASE_URL}"` },
  });
});

/** Connections each function instance may open to a PostgreSQL database.url (ignored for SQLite). */
export const DEFAULT_DATABASE_POOL_MAX = 5;

const databaseSchema = z.strictObject({
  url: databaseUrlSchema.default(DEFAULT_DATABASE_URL),
  pool: z.strictObject({ max: positiveInt.max(1000).default(DEFAULT_DATABASE_POOL_MAX) }).prefault({}),
});

const STACK_ITEM_TYPES = ['Any', 'Pointer', 'Boolean', 'Integer', 'ByteString', 'Buffer', 'Array', 'Struct', 'Map', 'InteropInterface'] as const;
const stackItemSchema = z.looseObject({ type: z.enum(STACK_ITEM_TYPES), value: z.unknown().optional() });
/**
 * What a test invocation of the operation answers: its result stack (a list), or the parts of an
 * invoke result ({ stack, state, exception, gasconsumed }). A list is read as { stack: list }.
 */
const contractResponseSchema = z.preprocess(
  (value) => (Array.isArray(value) ? { stack: value } : value),
  z.strictObject({
    stack: z.array(stackItemSchema).optional(),
    state: z.enum(['HALT', 'FAULT']).optional(),
    exception: z.string().nullable().optional(),
    gasconsumed: z.string().optional(),
  }),
);

const blockchainSchema = z.strictObject({
  /** Absent: the in-process fake chain. */
  rpcUrl: urlSchema(['http:', 'https:'], 'an http:// or https:// URL of a Neo N3 JSON-RPC node').optional(),
  /** A duration, or "manual": blocks only when mined (`neosl chain mine`, the testing API). */
  blockInterval: z.union([z.literal('manual'), duration('s', { min: 1 })]).default(1000),
  /** Script hash → operation → the answer of the in-process chain to invocations of it. */
  contracts: z
    .record(z.string(), z.record(nonEmptyString, contractResponseSchema))
    .superRefine((contracts, ctx) => {
      // Checked here rather than as the record's key schema, whose failure zod reports only as "Invalid key".
      for (const hash of Object.keys(contracts)) {
        if (CONTRACT_HASH.test(hash)) continue;
        const hint = /^[0-9a-fA-F]{40}$/.test(hash) ? `did you mean "0x${hash}"?` : 'a script hash is 20 bytes: "0x" and 40 hex digits';
        addIssue(ctx, `expected a contract script hash ("0x" followed by 40 hex digits), got ${describeValue(hash)}`, { hint }, [hash]);
      }
    })
    .optional(),
});

/** "https://app.example.com": a scheme, a host and an optional port, nothing after. */
const originSchema = z.string().check((ctx) => {
  const origin = ctx.value;
  let ok = false;
  try {
    const url = new URL(origin);
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin.replace(/\/$/, '').toLowerCase();
  } catch {
    ok = false;
  }
  if (!ok) {
    ctx.issues.push({ code: 'custom', message: `expected an origin like "https://app.example.com" or "http://localhost:3000", got ${describeValue(origin)}`, input: origin, params: { hint: 'an origin is a scheme, a host and an optional port, without a path' } });
  }
});

const devSchema = z.strictObject({
  port: z.int().min(0).max(65_535).default(8700),
  host: nonEmptyString.default('127.0.0.1'),
  bodyLimit: bodyLimitSchema.default(6 * MB),
  /** A request whose body has not arrived in full by then is cut (408). */
  bodyTimeout: duration('s', { min: 1 }).default(30_000),
  /** Host names besides the local ones (a leading "." allows subdomains); `true` allows any (DNS rebinding then works). */
  allowedHosts: z.union([z.literal(true), z.array(nonEmptyString)]).default([]),
  /** Web origins besides the local ones that may call the functions and the admin routes. */
  allowedOrigins: z.array(originSchema).default([]),
  /** CORS of POST /_neosl/rpc: as a Neo N3 node, any origin ("*") unless listed. */
  rpcAllowedOrigins: z.array(z.union([z.literal('*'), originSchema])).default(['*']),
});

/** Why `text` cannot be a host's URL, or undefined when it can: http(s), a host, no user or password, query or fragment. */
export function hostUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `expected an http:// or https:// URL, got ${describeValue(text)}`;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') return `expected an http:// or https:// URL, got ${describeValue(text)}`;
  if (url.username !== '' || url.password !== '') return 'the URL must not hold a user name or password: give the token separately';
  if (url.search !== '' || url.hash !== '') return `expected the host's base URL, without "?" or "#", got ${describeValue(text)}`;
  return undefined;
}

const hostUrlSchema = z.string().check((ctx) => {
  const problem = hostUrlProblem(ctx.value);
  if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, params: { hint: 'where "neosl serve" listens, e.g. https://fn.example.com' } });
});

/** A target's name, as --target takes it: never mistaken for a URL. */
const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const deployTargetSchema = z.strictObject({
  url: hostUrlSchema,
  /** Usually `${env.NAME}`, expanded when the target is used, so that the token stays out of the file. */
  token: nonEmptyString.optional(),
});

const deploySchema = z
  .strictObject({
    targets: z
      .record(z.string(), deployTargetSchema)
      .superRefine((targets, ctx) => {
        for (const name of Object.keys(targets)) {
          if (TARGET_NAME.test(name)) continue;
          addIssue(ctx, `invalid target name ${describeValue(name)}: use letters, digits, "-", "_" and "."`, { at: 'key' }, [name]);
        }
      }, RUN_ALWAYS)
      .default({}),
    /** The target used when a command gets no --target. */
    default: nonEmptyString.optional(),
  })
  .superRefine((deploy, ctx) => {
    const targets: unknown = deploy.targets;
    if (typeof deploy.default !== 'string' || typeof targets !== 'object' || targets === null) return;
    const names = Object.keys(targets);
    if (names.includes(deploy.default)) return;
    const hint =
      didYouMean(deploy.default, names) ??
      (names.length > 0 ? `the targets are ${names.map((name) => `"${name}"`).join(', ')}` : 'add it under deploy.targets, e.g. "prod: { url: https://fn.example.com, token: ${env.PROD_TOKEN} }"');
    addIssue(ctx, `no target named "${deploy.default}" in deploy.targets`, { hint }, ['default']);
  }, RUN_ALWAYS);

export const configSchema = z.strictObject({
  name: projectNameSchema,
  functions: functionsSchema,
  cache: cacheSchema.prefault({}),
  database: databaseSchema.prefault({}),
  blockchain: blockchainSchema.prefault({}),
  dev: devSchema.prefault({}),
  /** The hosts `neosl deploy` and the host commands (versions, logs, secrets…) talk to. */
  deploy: deploySchema.prefault({}),
});

/** neosl.yaml after validation, before resolve.ts fills name- and directory-dependent parts. */
export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedFunction = z.output<typeof functionSchema>;
export type ParsedTrigger = z.output<typeof triggerSchema>;
export type ParsedRetry = z.output<typeof retrySchema>;
