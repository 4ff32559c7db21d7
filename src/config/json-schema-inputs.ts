// What a transforming part of the zod schema accepts, found by asking it. A JSON Schema generator
// cannot see through a transform, so three things are recovered here by parsing sample inputs:
// the forms of a value read by a transform (durations like "30s", sizes like "6mb", environment
// values), the shorthands a preprocess expands (`schedule: "<cron>"`), and defaults the schema
// states in its output unit (30000 ms for `timeout`, written "30s"). A key added to the zod schema
// with one of these kinds is described without any change here.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { DURATION_FORMS, SIZE_FORMS } from './units.js';

export type JsonSchema = Record<string, unknown>;

/** The parts of zod's internal schema definition read here. */
export interface ZodNode extends z.core.$ZodType {
  _zod: z.core.$ZodType['_zod'] & {
    def: {
      type: string;
      in?: ZodNode;
      out?: ZodNode;
      innerType?: ZodNode;
      shape?: Record<string, ZodNode>;
      transform?: (value: unknown, ctx: unknown) => unknown;
      defaultValue?: unknown;
    };
  };
}

function parses(schema: ZodNode, value: unknown): { ok: true; data: unknown } | { ok: false } {
  try {
    const result = z.safeParse(schema, value);
    return result.success ? { ok: true, data: result.data } : { ok: false };
  } catch {
    // A transform that throws instead of adding an issue refuses the value all the same.
    return { ok: false };
  }
}

const accepts = (schema: ZodNode, values: unknown[]): boolean => values.some((value) => parses(schema, value).ok);

// ---------------------------------------------------------------------------------------------
// Patterns for the forms units.ts parses: ECMAScript regexes without flags, as JSON Schema wants.

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
const DURATION_UNIT = '(?:[mM][sS]|[sSmMhHdD])';
const SIZE_UNIT = '(?:[bB]|[kKmMgG](?:[iI]?[bB])?)';

/** "30s", "1m30s", "250 ms", "1.5h", or a bare number as a string. */
export const DURATION_PATTERN = String.raw`^\s*(?:${NUMBER}|${NUMBER}\s*${DURATION_UNIT}(?: *${NUMBER}\s*${DURATION_UNIT})*)\s*$`;
/** "6mb", "512 KiB", "1g", or a bare number as a string. */
export const SIZE_PATTERN = String.raw`^\s*${NUMBER}\s*${SIZE_UNIT}?\s*$`;

// ---------------------------------------------------------------------------------------------
// Values read by a transform: `z.unknown().transform(parse)`

const ANY_TEXT = 'neosl: any text at all';
const NUMBERS = [1, 16, 64, 256, 1000];
const NEGATIVE_NUMBERS = [-1, -1000];

function bareNumberUnit(schema: ZodNode, candidates: [string, string][]): string | undefined {
  const bare = parses(schema, 64);
  if (!bare.ok) return undefined;
  for (const [suffix, unit] of candidates) {
    const withUnit = parses(schema, `64${suffix}`);
    if (withUnit.ok && isDeepStrictEqual(withUnit.data, bare.data)) return unit;
  }
  return undefined;
}

/**
 * The JSON Schema of what `schema` (a transform of an unknown value) accepts: a duration, a size,
 * or the JSON types it takes. Undefined when it accepts none of them (then any value is allowed and
 * the loader reports what is wrong).
 */
export function describeTransformedValue(schema: ZodNode): JsonSchema | undefined {
  const types: string[] = [];
  let pattern: string | undefined;
  let description: string | undefined;
  if (accepts(schema, [ANY_TEXT])) {
    types.push('string');
  } else if (accepts(schema, ['30s', '1m30s', '250ms'])) {
    pattern = DURATION_PATTERN;
    const unit = bareNumberUnit(schema, [
      ['s', 'seconds'],
      ['ms', 'milliseconds'],
    ]);
    description = `A duration: ${DURATION_FORMS}, or combined like "1m30s"${unit ? `; a bare number is in ${unit}` : ''}.`;
    types.push('string');
  } else if (accepts(schema, ['512mb', '1gb'])) {
    pattern = SIZE_PATTERN;
    const unit = bareNumberUnit(schema, [
      ['mb', 'MB'],
      ['b', 'bytes'],
    ]);
    description = `A size: ${SIZE_FORMS}${unit ? `; a bare number is in ${unit}` : ''}.`;
    types.push('string');
  }
  const takesNumbers = accepts(schema, NUMBERS);
  if (takesNumbers) types.unshift('number');
  if (accepts(schema, [true, false])) types.push('boolean');
  if (types.length === 0) return undefined;
  return {
    ...(description ? { description } : {}),
    type: types.length === 1 ? types[0] : types,
    ...(takesNumbers && !accepts(schema, NEGATIVE_NUMBERS) ? { minimum: 0 } : {}),
    ...(pattern ? { pattern } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Shorthands: `z.preprocess(expand, schema)`

const INERT_CONTEXT = { addIssue: () => {}, issues: [], value: undefined };

/** One value of each JSON type, to see which the preprocess rewrites. */
const SHORTHAND_PROBES: [unknown, string][] = [
  [ANY_TEXT, 'string'],
  [0, 'number'],
  [true, 'boolean'],
  [null, 'null'],
  [[], 'array'],
];

/**
 * The inputs a preprocess rewrites into what `expanded` (the JSON Schema of its target) describes:
 * a value it wraps as one key of an object takes that key's schema (`schedule: "<cron>"` is
 * `{ cron: "<cron>" }`), a value it turns into an empty object is allowed as "nothing".
 */
export function shorthandAlternatives(preprocess: ZodNode, expanded: JsonSchema): JsonSchema[] {
  const expand = preprocess._zod.def.transform;
  if (expand === undefined) return [];
  const properties = (expanded.properties ?? {}) as Record<string, JsonSchema>;
  const alternatives: JsonSchema[] = [];
  for (const [probe, type] of SHORTHAND_PROBES) {
    let result: unknown;
    try {
      result = expand(probe, { ...INERT_CONTEXT, value: probe });
    } catch {
      continue;
    }
    if (result === probe || typeof result !== 'object' || result === null || Array.isArray(result)) continue;
    const key = Object.keys(result).find((name) => (result as Record<string, unknown>)[name] === probe);
    if (key !== undefined && properties[key] !== undefined) {
      alternatives.push({ ...properties[key], description: `Short for { ${key}: … }.` });
    } else if (Object.keys(result).length === 0) {
      alternatives.push({ type, description: 'Nothing: the same as an empty mapping.' });
    }
  }
  return alternatives;
}

// ---------------------------------------------------------------------------------------------
// Defaults stated in the output unit

const DURATION_UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const SIZE_UNITS: [string, number][] = [
  ['gb', 1024 ** 3],
  ['mb', 1024 ** 2],
  ['kb', 1024],
];

function unitForms(value: unknown): string[] {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) return [];
  const largest = (units: [string, number][]) => units.find(([, factor]) => value % factor === 0);
  return [largest(DURATION_UNITS), largest(SIZE_UNITS)].flatMap((found) => (found ? [`${value / found[1]}${found[0]}`] : []));
}

/**
 * What a user writes to get `outputDefault` from `schema`: the value itself when it parses to
 * itself, else the shortest duration or size that does ("30s" for 30000 ms). Undefined when
 * none does.
 */
export function inputDefault(schema: ZodNode, outputDefault: unknown): unknown {
  const candidates = [...unitForms(outputDefault), outputDefault].filter((candidate) => {
    const parsed = parses(schema, candidate);
    return parsed.ok && isDeepStrictEqual(parsed.data, outputDefault);
  });
  const length = (value: unknown) => JSON.stringify(value).length;
  return candidates.sort((a, b) => length(a) - length(b))[0];
}

/** Whether an object may leave this key out (zod runs a preprocess or default on the absent key). */
export function mayBeAbsent(schema: ZodNode): boolean {
  return parses(schema, undefined).ok;
}
