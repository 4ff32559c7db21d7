// Changing neosl.yaml in place: the new entry is spliced into the text at a place found with yaml's
// Document API, so every other byte (comments, alignment, quoting) stays as the user wrote it.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Document, isMap, isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import { UserError } from '../errors.js';
import { functionNameProblem } from '../util/identifier.js';
import { yamlErrorsToDiagnostics } from './diagnostics.js';
import { parseConfigDocument } from './document.js';
import { displayPath } from '../util/display-path.js';

/** The indentation step the file already uses (the smallest one), 2 if there is none. */
function detectIndent(source: string): number {
  let smallest = Infinity;
  for (const line of source.split('\n')) {
    const text = line.trimStart();
    if (text === '' || text.startsWith('#')) continue;
    const indent = line.length - text.length;
    if (indent > 0 && indent < smallest) smallest = indent;
  }
  return Number.isFinite(smallest) && smallest <= 8 ? smallest : 2;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
function writeFileAtomic(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileSync(temporary, text, mode === undefined ? undefined : { mode });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function readDocument(file: string): { doc: Document.Parsed; source: string } {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${displayPath(file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      code: 'CONFIG_UNREADABLE',
      cause: error,
    });
  }
  const doc = parseConfigDocument(source);
  if (doc.errors.length > 0) {
    const diagnostics = yamlErrorsToDiagnostics(doc.errors, source, displayPath(file));
    throw new UserError(`${displayPath(file)} has ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}`, {
      code: 'CONFIG_INVALID',
      diagnostics,
    });
  }
  return { doc, source };
}

/** `name: entry` as block YAML, every line indented by `baseIndent` spaces. */
function entryText(name: string, entry: object, indent: number, baseIndent: number): string {
  // A plain Document (YAML's core schema) quotes strings like "0x…" that other tools would read as numbers.
  const text = new Document({ [name]: entry }).toString({ indent, lineWidth: 0 });
  const pad = ' '.repeat(baseIndent);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** The offset just past the line on which `offset - 1` lies (where a next line would start). */
function endOfLine(source: string, offset: number): number {
  if (offset > 0 && source[offset - 1] === '\n') return offset;
  const newline = source.indexOf('\n', offset);
  return newline === -1 ? source.length : newline + 1;
}

function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

/** Joins text into `source` at `offset`, on lines of its own. */
function insertLines(source: string, offset: number, lines: string): string {
  const before = source.slice(0, offset);
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  const after = source.slice(offset);
  return `${before}${separator}${lines}\n${after}`;
}

/**
 * The new file text, edited as text so that every other byte stays as the user wrote it
 * (yaml's own printer would re-align comments); undefined when the layout is unusual.
 */
function spliceFunction(doc: Document.Parsed, source: string, name: string, entry: object): string | undefined {
  const indent = detectIndent(source);
  if (doc.contents === null) return insertLines(source, source.length, `functions:\n${entryText(name, entry, indent, indent)}`);
  if (!isMap(doc.contents)) return undefined;
  const functionsPair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === 'functions');
  if (!functionsPair) {
    return insertLines(source, source.length, `functions:\n${entryText(name, entry, indent, indent)}`);
  }
  const functions = functionsPair.value;
  const keyNode = functionsPair.key;
  if (!isScalar(keyNode) || !keyNode.range) return undefined;
  const keyColumn = columnOf(source, keyNode.range[0]);

  if (functions === null || (isScalar(functions) && functions.value === null && functions.range)) {
    // `functions:` with nothing (or only a comment) after it.
    const lineEnd = endOfLine(source, (functions?.range?.[0] ?? keyNode.range[1]) + 1);
    return insertLines(source, lineEnd, entryText(name, entry, indent, keyColumn + indent));
  }
  if (!isMap(functions) || !functions.range) return undefined;
  if (functions.flow) {
    if (functions.items.length > 0) return undefined;
    // `functions: {}` becomes a block mapping.
    const [start, end] = functions.range;
    const lineEnd = endOfLine(source, end);
    const rest = source.slice(end, lineEnd);
    const edited = `${source.slice(0, start).trimEnd()}${rest.trimEnd() ? ` ${rest.trim()}` : ''}\n`;
    return insertLines(edited + source.slice(lineEnd), edited.length, entryText(name, entry, indent, keyColumn + indent));
  }
  const firstKey = functions.items[0]?.key;
  if (!isScalar(firstKey) || !firstKey.range) return undefined;
  const spaced = functions.items.slice(1).some((item) => isScalar(item.key) && item.key.spaceBefore);
  const text = entryText(name, entry, indent, columnOf(source, firstKey.range[0]));
  return insertLines(source, endOfLine(source, functions.range[1]), spaced ? `\n${text}` : text);
}

/** Whether `text` is valid YAML whose functions.<name> deep-equals `entry`. */
function hasEntry(text: string, name: string, entry: object): boolean {
  const doc = parseConfigDocument(text);
  if (doc.errors.length > 0) return false;
  const written = (doc.toJS() as { functions?: Record<string, unknown> } | null)?.functions?.[name];
  return JSON.stringify(written) === JSON.stringify(JSON.parse(JSON.stringify(entry)));
}

/**
 * Adds `functions.<name>: <entry>` to an existing neosl.yaml, keeping comments and formatting.
 * Throws UserError FUNCTION_EXISTS if the function is there already.
 */
export async function addFunctionToConfig(file: string, name: string, entry: object): Promise<void> {
  const problem = functionNameProblem(name);
  if (problem !== undefined) {
    throw new UserError(`invalid function name "${name}": ${problem}`, { code: 'INVALID_FUNCTION_NAME' });
  }
  const { doc, source } = readDocument(file);
  const shown = displayPath(file);

  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new UserError(`${shown} is not a mapping of keys, so neosl cannot add a function to it`, { code: 'CONFIG_INVALID' });
  }
  const functions = doc.contents?.get('functions', true);
  if (functions !== undefined && functions !== null && !isMap(functions) && !(isScalar(functions) && functions.value === null)) {
    throw new UserError(`"functions" in ${shown} is not a mapping of function names`, { code: 'CONFIG_INVALID' });
  }
  if (isMap(functions) && functions.has(name)) {
    throw new UserError(`function "${name}" already exists in ${shown}`, {
      code: 'FUNCTION_EXISTS',
      hint: 'pick another name, or edit the existing function',
    });
  }

  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const lf = source.replace(/\r\n/g, '\n');
  let text = spliceFunction(parseConfigDocument(lf), lf, name, entry);
  if (text === undefined || !hasEntry(text, name, entry)) text = reprint(parseConfigDocument(lf), lf, name, entry);
  writeFileAtomic(file, eol === '\n' ? text : text.replace(/\n/g, eol));
}

/** The fallback: yaml's printer, which keeps comments but not their alignment. */
function reprint(doc: Document.Parsed, source: string, name: string, entry: object): string {
  if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  const root = doc.contents as unknown as YAMLMap;
  let functions = root.get('functions', true);
  if (!isMap(functions)) {
    root.set('functions', doc.createNode({}));
    functions = root.get('functions', true);
  }
  const map = functions as unknown as YAMLMap;
  if (map.flow && map.items.length === 0) map.flow = false;
  map.items.push(doc.createPair(name, entry));
  return doc.toString({ indent: detectIndent(source), lineWidth: 0 });
}
