// How a build reads: a cli-table3 table per run (size, gzip, cold start), the largest inputs of
// each bundle with --analyze, esbuild's warnings, and the one JSON document of --json.
import Table from 'cli-table3';
import type { Diagnostic } from '../errors.js';
import { formatLocation, renderCodeFrame } from '../output/code-frame.js';
import type { Colors } from '../output/colors.js';
import type { BuildProjectResult, BuiltFunction } from './build-project.js';

export const ANALYZE_TOP = 10;
/** With --analyze a cold start is the median of this many fresh imports, one process at a time (else one). */
export const ANALYZE_COLD_START_RUNS = 5;

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(bytes < 10_000 ? 2 : 1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

export function formatMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

// Plain borders, colours applied by us: cli-table3's own colouring ignores NO_COLOR and --no-color.
function table(head: string[], colors: Colors, aligns: ('left' | 'right')[]): Table.Table {
  return new Table({ head: head.map((cell) => colors.bold(cell)), style: { head: [], border: [], compact: true }, colAligns: aligns });
}

export function formatBuildTable(built: readonly BuiltFunction[], colors: Colors): string {
  const rows = table(['function', 'size', 'gzip', 'cold start'], colors, ['left', 'right', 'right', 'right']);
  for (const fn of built) {
    const coldStart = fn.coldStartMs !== null ? formatMs(fn.coldStartMs) : fn.coldStartError ? colors.red('failed') : '–';
    rows.push([fn.name, formatBytes(fn.bytes), formatBytes(fn.gzipBytes), coldStart]);
  }
  return rows.toString();
}

export interface AnalyzedInput {
  path: string;
  bytes: number;
  /** Of the bundle's bytes, 0..1. */
  share: number;
}

export function largestInputs(fn: BuiltFunction, top = ANALYZE_TOP): { inputs: AnalyzedInput[]; rest: { count: number; bytes: number } } {
  const withShare = fn.inputs.map((input) => ({ ...input, share: fn.bytes === 0 ? 0 : input.bytes / fn.bytes }));
  const rest = withShare.slice(top);
  return { inputs: withShare.slice(0, top), rest: { count: rest.length, bytes: rest.reduce((sum, input) => sum + input.bytes, 0) } };
}

export function formatAnalysis(fn: BuiltFunction, colors: Colors): string {
  const { inputs, rest } = largestInputs(fn);
  const rows = table(['input', 'size', 'share'], colors, ['left', 'right', 'right']);
  for (const input of inputs) rows.push([input.path, formatBytes(input.bytes), formatShare(input.share)]);
  if (rest.count > 0) {
    rows.push([colors.dim(`… ${rest.count} more input${rest.count === 1 ? '' : 's'}`), formatBytes(rest.bytes), formatShare(rest.bytes / fn.bytes)]);
  }
  const coldStart = fn.coldStartMs !== null ? `; cold start ${formatMs(fn.coldStartMs)}, the median of ${fn.coldStartRuns} fresh import${fn.coldStartRuns === 1 ? '' : 's'}` : '';
  return `${colors.bold(fn.name)}: the largest inputs of ${formatBytes(fn.bytes)}${coldStart}\n${rows.toString()}`;
}

export function formatWarning(functionName: string, warning: Diagnostic, colors: Colors): string {
  const lines = [`${colors.yellow(colors.bold('▲ warning'))} ${functionName}: ${warning.location ? `${colors.bold(formatLocation(warning.location))}: ` : ''}${warning.message}`];
  if (warning.location) {
    const frame = renderCodeFrame(warning.location, colors);
    if (frame) lines.push(frame);
  }
  if (warning.hint) lines.push(`    ${colors.cyan('hint:')} ${warning.hint}`);
  return lines.join('\n');
}

/** The --json document of a build in which every chosen function built. */
export function buildReportJson(result: BuildProjectResult, options: { analyze: boolean }): unknown {
  return {
    outdir: result.outdir,
    manifest: result.manifestFile,
    functions: result.built.map((fn) => {
      const analysis = options.analyze ? largestInputs(fn) : undefined;
      return {
      name: fn.name,
      file: fn.outputFile,
      map: fn.mapFile,
      bytes: fn.bytes,
      gzipBytes: fn.gzipBytes,
      sha256: fn.sha256,
      exportName: fn.exportName,
      coldStartMs: fn.coldStartMs,
      coldStartRuns: fn.coldStartRuns,
      ...(fn.coldStartError !== undefined ? { coldStartError: fn.coldStartError } : {}),
      ...(analysis ? { inputs: analysis.inputs, otherInputs: analysis.rest } : {}),
      };
    }),
  };
}
