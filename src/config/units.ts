// Durations and sizes as people write them in neosl.yaml and on the command line ("30s", "6mb").

/** Thrown for a value that is not a duration or size; the message names the accepted forms. */
export class UnitParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitParseError';
  }
}

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const SIZE_UNITS_BYTES: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

export const DURATION_FORMS = '"250ms", "30s", "5m", "1h" or "1d"';
export const SIZE_FORMS = '"512kb", "6mb" or "1gb"';

/** How a value appears inside an error message: strings quoted, everything else as YAML would show it. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
const DURATION_PART = new RegExp(String.raw`(${NUMBER})\s*(ms|s|m|h|d)`, 'giy');
const BARE_NUMBER = new RegExp(String.raw`^${NUMBER}$`);
const SIZE = new RegExp(String.raw`^(${NUMBER})\s*([a-z]+)?$`, 'i');

/**
 * Milliseconds for `250ms`, `30s`, `1.5s`, `5m`, `1h`, `1d` or a combination like `1m30s`
 * (case-insensitive). A bare number, or a numeric string, is taken in `bareNumberUnit`.
 */
export function parseDuration(value: number | string, bareNumberUnit: 'ms' | 's'): number {
  const fail = (): never => {
    throw new UnitParseError(`expected a duration like ${DURATION_FORMS}, got ${describeValue(value)}`);
  };
  const bareFactor = DURATION_UNITS_MS[bareNumberUnit]!;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) fail();
    return Math.round(value * bareFactor);
  }
  if (typeof value !== 'string') return fail();
  const text = value.trim();
  if (text === '') return fail();
  if (BARE_NUMBER.test(text)) return Math.round(Number(text) * bareFactor);
  let total = 0;
  let index = 0;
  DURATION_PART.lastIndex = 0;
  while (index < text.length) {
    DURATION_PART.lastIndex = index;
    const match = DURATION_PART.exec(text);
    if (!match) return fail();
    total += Number(match[1]) * DURATION_UNITS_MS[match[2]!.toLowerCase()]!;
    index = DURATION_PART.lastIndex;
    while (text[index] === ' ') index++;
  }
  return Math.round(total);
}

/**
 * Bytes for `512kb`, `6mb`, `1GB`, `1.5g` (case-insensitive, 1024-based; `KiB`/`MiB`/`GiB`
 * accepted too). A bare number, or a numeric string, is taken in `bareNumberUnit`.
 */
export function parseSize(value: number | string, bareNumberUnit: 'b' | 'mb'): number {
  const fail = (): never => {
    throw new UnitParseError(`expected a size like ${SIZE_FORMS}, got ${describeValue(value)}`);
  };
  const bareFactor = SIZE_UNITS_BYTES[bareNumberUnit]!;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) fail();
    return Math.round(value * bareFactor);
  }
  if (typeof value !== 'string') return fail();
  const match = SIZE.exec(value.trim());
  if (!match) return fail();
  const unit = match[2]?.toLowerCase();
  const factor = unit === undefined ? bareFactor : SIZE_UNITS_BYTES[unit];
  if (factor === undefined) return fail();
  return Math.round(Number(match[1]) * factor);
}
