// Validation problems as Diagnostics located in the YAML source: key path, line, code frame, hint.
import { isCollection, isScalar } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { locateOffset } from '../output/code-frame.js';
import { didYouMean } from '../util/suggest.js';
import { findNode } from './document.js';
import type { NodeLookup, PathSegment } from './document.js';
import type { IssueParams } from './schema.js';
import { describeValue } from './units.js';

/** The YAML being validated, and how its file is shown to the user. */
export interface ConfigSource {
  doc: Document;
  source: string;
  displayFile: string;
}

// ---------------------------------------------------------------------------------------------
// Messages

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((value) => (typeof value === 'string' ? `"${value}"` : String(value)));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** z.int() reports a string input as "expected number"; the user should read "a whole number". */
function isIntegerSchema(inst: unknown): boolean {
  const format = (inst as { _zod?: { def?: { format?: unknown } } } | undefined)?._zod?.def?.format;
  return typeof format === 'string' && format.includes('int');
}

/** Error map for parsing neosl.yaml: messages in the user's terms (YAML, not JavaScript). */
export function configErrorMap(issue: z.core.$ZodRawIssue): string | undefined {
  const got = `got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `expected ${TYPE_NAMES[isIntegerSchema(issue.inst) ? 'int' : issue.expected] ?? issue.expected}, ${got}`;
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? 'must not be empty' : `must be at least ${minimum} characters long`;
      if (issue.origin === 'array') return `must have at least ${minimum} item${minimum === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${minimum}, ${got}`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${maximum} characters long`;
      if (issue.origin === 'array') return `must have at most ${maximum} item${maximum === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${maximum}, ${got}`;
    }
    case 'invalid_value':
      return `expected ${quoteList(issue.values)}, ${got}`;
    case 'invalid_union':
      return `${got}, which matches none of the accepted forms`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}, ${got}`;
    case 'invalid_format':
      return `has the wrong format, ${got}`;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Key paths

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `functions.hello.triggers[0].http.method`; odd keys as `["my key"]`. */
export function formatKeyPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

// ---------------------------------------------------------------------------------------------
// The keys a schema allows at a path, for "did you mean"

interface SchemaDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  valueType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
}

const defOf = (schema: z.core.$ZodType): SchemaDef => schema._zod.def as unknown as SchemaDef;

/** Looks through optional/default/pipe/transform wrappers to the schema that holds the shape. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let i = 0; i < 32; i++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in && def.out) current = defOf(def.in).type === 'transform' ? def.out : def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else return current;
  }
  return current;
}

/** The keys of the object schema at `path` (record keys and list indices are stepped over). */
export function allowedKeysAt(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] | undefined {
  let current = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    let next: z.core.$ZodType | undefined;
    if (def.type === 'object') next = def.shape?.[String(segment)];
    else if (def.type === 'record') next = def.valueType;
    else if (def.type === 'array') next = def.element;
    if (!next) return undefined;
    current = unwrap(next);
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Locations

function locateNode(node: Node, config: ConfigSource): SourceLocation | undefined {
  if (!node.range) return undefined;
  const [start, valueEnd] = node.range;
  const lineEnd = config.source.indexOf('\n', start);
  const end = lineEnd === -1 ? valueEnd : Math.min(valueEnd, lineEnd);
  return locateOffset(config.displayFile, config.source, start, Math.max(1, end - start));
}

/** Where a value is best pointed at: a block mapping or list, or an empty value, at its key. */
function preferredNode(lookup: NodeLookup): Node | undefined {
  const node = lookup.value;
  if (!node) return lookup.key;
  const emptyScalar = isScalar(node) && !!node.range && node.range[0] === node.range[1];
  if (lookup.key && ((isCollection(node) && !node.flow) || emptyScalar)) return lookup.key;
  return node;
}

/** The location of the value (or key) at `path`, else of the deepest part of the path that exists. */
export function locatePath(
  config: ConfigSource,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): { location?: SourceLocation; existingDepth: number } {
  const lookup = findNode(config.doc, path);
  if (lookup.depth === path.length) {
    const node = at === 'key' ? (lookup.key ?? preferredNode(lookup)) : preferredNode(lookup);
    return { location: node ? locateNode(node, config) : undefined, existingDepth: lookup.depth };
  }
  const partial = findNode(config.doc, path.slice(0, lookup.depth));
  const node = preferredNode(partial) ?? partial.nearest;
  return { location: node ? locateNode(node, config) : undefined, existingDepth: lookup.depth };
}

/** A Diagnostic at `path`: the message is prefixed with the key path. */
export function diagnosticAt(
  config: ConfigSource,
  path: readonly PathSegment[],
  message: string,
  options: { hint?: string; at?: 'key' | 'value' } = {},
): Diagnostic {
  const { location } = locatePath(config, path, options.at);
  const shownPath = formatKeyPath(path);
  return {
    message: shownPath ? `${shownPath}: ${message}` : message,
    ...(location ? { location } : {}),
    ...(options.hint ? { hint: options.hint } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// zod issues → diagnostics

function unknownKeyDiagnostics(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  config: ConfigSource,
  schema: z.core.$ZodType,
): Diagnostic[] {
  const path = toPath(issue.path);
  const allowed = allowedKeysAt(schema, path) ?? [];
  const where = path.length === 0 ? 'at the top level' : `in ${formatKeyPath(path)}`;
  return issue.keys.map((key) => {
    const { location } = locatePath(config, [...path, key], 'key');
    const hint = didYouMean(key, allowed) ?? (allowed.length > 0 ? `allowed keys: ${allowed.join(', ')}` : undefined);
    return {
      message: `unknown key "${key}" ${where}`,
      ...(location ? { location } : {}),
      ...(hint ? { hint } : {}),
    };
  });
}

function issueHint(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'custom') return (issue.params as IssueParams | undefined)?.hint;
  if (issue.code === 'invalid_value' && typeof issue.input === 'string') {
    return didYouMean(issue.input, issue.values.map(String));
  }
  if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int')) {
    if (typeof issue.input === 'string' && issue.input.trim() !== '' && Number.isFinite(Number(issue.input))) {
      return 'write the number without quotes';
    }
  }
  return undefined;
}

function issueDiagnostics(issue: z.core.$ZodIssue, config: ConfigSource, schema: z.core.$ZodType): Diagnostic[] {
  if (issue.code === 'unrecognized_keys') return unknownKeyDiagnostics(issue, config, schema);
  const path = toPath(issue.path);
  const at = issue.code === 'custom' && (issue.params as IssueParams | undefined)?.at === 'key' ? 'key' : 'value';
  const { location, existingDepth } = locatePath(config, path, at);
  const hint = issueHint(issue);
  let message: string;
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const parent = formatKeyPath(path.slice(0, -1));
    const key = String(path.at(-1));
    message = parent ? `${parent}: missing required key "${key}"` : `missing required key "${key}"`;
  } else {
    // A check about a key that is not in the file (say `contract`) names the part that is; one
    // about a key itself (an invalid function name) names the mapping the key is in.
    const shownDepth = at === 'key' ? Math.min(existingDepth, path.length - 1) : existingDepth;
    const shownPath = formatKeyPath(path.slice(0, shownDepth));
    message = shownPath ? `${shownPath}: ${issue.message}` : issue.message;
  }
  return [{ message, ...(location ? { location } : {}), ...(hint ? { hint } : {}) }];
}

/** Every zod issue as a located Diagnostic, in file order. */
export function zodIssuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  config: ConfigSource,
  schema: z.core.$ZodType,
): Diagnostic[] {
  return sortDiagnostics(issues.flatMap((issue) => issueDiagnostics(issue, config, schema)));
}

// ---------------------------------------------------------------------------------------------
// YAML errors → diagnostics

/** The mapping key written at `offset` (yaml points duplicate-key errors at its first character). */
function keyAt(source: string, offset: number): string | undefined {
  const match = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^:\n]*?))\s*:(?:\s|$)/.exec(source.slice(offset));
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function yamlErrorText(error: YAMLError, source: string): { message: string; hint?: string; length?: number } {
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = keyAt(source, error.pos[0]);
      return {
        message: `duplicate key${key ? ` "${key}"` : ''}`,
        hint: 'each key may appear once in a mapping; remove or merge the other one',
        ...(key ? { length: source.slice(error.pos[0]).indexOf(key) + key.length } : {}),
      };
    }
    case 'MULTIPLE_DOCS':
      return { message: 'neosl.yaml holds one YAML document, this file has more', hint: 'remove the "---" separator' };
    case 'TAB_AS_INDENT':
      return { message: 'YAML syntax error: tabs are not allowed as indentation', hint: 'indent with spaces' };
    default:
      return { message: `YAML syntax error: ${error.message.replace(/\s+at line \d+, column \d+.*$/s, '')}` };
  }
}

/** YAML parse errors (syntax, duplicate keys) as located Diagnostics. */
export function yamlErrorsToDiagnostics(errors: readonly YAMLError[], source: string, displayFile: string): Diagnostic[] {
  return errors.map((error) => {
    const [start, end] = error.pos;
    const lineEnd = source.indexOf('\n', start);
    const text = yamlErrorText(error, source);
    const { message, hint } = text;
    const length = text.length ?? Math.max(1, (lineEnd === -1 ? end : Math.min(end, lineEnd)) - start);
    return {
      message,
      location: locateOffset(displayFile, source, Math.min(start, source.length), length),
      ...(hint ? { hint } : {}),
    };
  });
}

/** File order (files in order of first appearance, then line, column); unlocated last; duplicates dropped. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const fileOrder = new Map<string, number>();
  const unique = diagnostics.filter((diagnostic) => {
    const { location } = diagnostic;
    const key = `${diagnostic.message}\0${location?.file}:${location?.line}:${location?.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (location && !fileOrder.has(location.file)) fileOrder.set(location.file, fileOrder.size);
    return true;
  });
  return unique.sort((a, b) => {
    if (!a.location || !b.location) return a.location ? -1 : b.location ? 1 : 0;
    const byFile = fileOrder.get(a.location.file)! - fileOrder.get(b.location.file)!;
    return byFile || a.location.line - b.location.line || a.location.column - b.location.column;
  });
}
