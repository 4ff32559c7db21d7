// The dashboard's view. It only reads the store and reports keys; it never drives the dev session.
//
// The request and log stream goes through Ink's <Static>: each line is written once above the live
// area and then belongs to the terminal's scrollback, so a long session costs nothing per frame and
// the user scrolls back with the terminal as usual. The live area (header, table, build errors,
// keys) stays a few lines tall, so each redraw is small.
import { useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Static, Text, useApp, useInput, useStdin, useStdout } from 'ink';
import type { Diagnostic } from '../errors.js';
import type { FunctionSummary } from '../host/events.js';
import { createColors } from '../output/colors.js';
import { formatLocation, renderCodeFrame } from '../output/code-frame.js';
import { hintSentence } from '../output/format-error.js';
import { buildFailureConsequence, buildFailureHeadline } from '../output/build-failure-text.js';
import type { BuildErrorEntry, DashboardStore, LineTone, StreamLine } from './dashboard-store.js';
import { formatBytes, formatDuration, formatRate } from './format.js';

export type DashboardAction = 'quit' | 'rebuild' | 'clear' | 'bench' | 'open-console';

export interface DashboardProps {
  store: DashboardStore;
  /** Whether to style text. Ink's chalk ignores NO_COLOR, so the view decides itself. */
  color: boolean;
  onKey?: (action: DashboardAction, functionName?: string) => void;
  /** The function selected at first (after the `b` key's bench, the one that was benched). */
  initialSelection?: string;
}

// Erases the screen and the scrollback, then homes the cursor: `c` clears what <Static> printed.
const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

const toneColor: Record<LineTone, string | undefined> = {
  normal: undefined,
  dim: 'gray',
  green: 'green',
  yellow: 'yellow',
  red: 'red',
};

interface StaticItem {
  key: string;
  line?: StreamLine;
  skipped?: number;
}

export function Dashboard({ store, color, onKey, initialSelection }: DashboardProps) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { exit } = useApp();
  // Ink takes this from stdin.isTTY, which is undefined (not false) off a terminal, and useInput
  // treats an undefined isActive as active: it would then ask for raw mode and throw.
  const keysEnabled = useStdin().isRawModeSupported === true;
  const { write } = useStdout();
  const [selectedName, setSelectedName] = useState<string | undefined>(initialSelection);

  const functions = snapshot.functions;
  const foundIndex = selectedName === undefined ? -1 : functions.findIndex((summary) => summary.name === selectedName);
  const selectedIndex = foundIndex === -1 ? 0 : foundIndex;
  const selected = functions[selectedIndex];

  // The lines not yet handed to <Static>; a new batch remounts it (keyed by its first line), since
  // <Static> prints by position in one ever-growing array and the store keeps only recent lines.
  const printedUpTo = useRef(0);
  const pending = snapshot.lines.filter((line) => line.id > printedUpTo.current);
  const items: StaticItem[] = [];
  const firstPending = pending[0];
  if (firstPending !== undefined && firstPending.id > printedUpTo.current + 1) {
    items.push({ key: `skip-${firstPending.id}`, skipped: firstPending.id - printedUpTo.current - 1 });
  }
  for (const line of pending) items.push({ key: String(line.id), line });
  const lastPending = pending[pending.length - 1];
  useLayoutEffect(() => {
    if (lastPending !== undefined) printedUpTo.current = Math.max(printedUpTo.current, lastPending.id);
  });

  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) {
        onKey?.('quit');
        exit();
      } else if (input === 'r') {
        onKey?.('rebuild');
      } else if (input === 'c') {
        store.clearLog();
        write(CLEAR_SCREEN);
        onKey?.('clear');
      } else if (input === 'b') {
        if (selected !== undefined) onKey?.('bench', selected.name);
      } else if (input === 'o') {
        onKey?.('open-console');
      } else if (key.upArrow || key.downArrow) {
        if (functions.length === 0) return;
        const next = Math.min(functions.length - 1, Math.max(0, selectedIndex + (key.upArrow ? -1 : 1)));
        setSelectedName(functions[next]?.name);
      }
    },
    { isActive: keysEnabled },
  );

  return (
    <>
      <Static key={items[0]?.key ?? `empty-${printedUpTo.current}`} items={items}>
        {(item) =>
          item.line === undefined ? (
            <Text key={item.key} dimColor={color}>
              … {item.skipped} {item.skipped === 1 ? 'line' : 'lines'} not shown
            </Text>
          ) : (
            <StreamItem key={item.key} line={item.line} color={color} />
          )
        }
      </Static>
      <Box flexDirection="column" marginTop={1}>
        <Header url={snapshot.url} rssBytes={snapshot.rssBytes} color={color} />
        <FunctionTable functions={functions} rates={snapshot.requestRates} selectedIndex={selectedIndex} color={color} />
        {selected === undefined || selected.routes.length === 0 ? null : <Routes summary={selected} color={color} />}
        {snapshot.buildErrors.map((entry) => (
          <BuildError key={entry.functionName} entry={entry} color={color} />
        ))}
        <Footer keys={keysEnabled} selected={selected?.name} color={color} />
      </Box>
    </>
  );
}

function Header({ url, rssBytes, color }: { url: string | undefined; rssBytes: number | undefined; color: boolean }) {
  return (
    <Text>
      <Text bold={color}>neosl dev</Text>
      {'  '}
      <Text color={color ? 'cyan' : undefined}>{url ?? 'starting…'}</Text>
      {rssBytes === undefined ? '' : `  rss ${formatBytes(rssBytes)}`}
    </Text>
  );
}

const stateColor: Record<FunctionSummary['state'], string> = {
  building: 'yellow',
  ready: 'green',
  failed: 'red',
  'no-build': 'gray',
};

function FunctionTable({ functions, rates, selectedIndex, color }: { functions: readonly FunctionSummary[]; rates: Readonly<Record<string, number>>; selectedIndex: number; color: boolean }) {
  if (functions.length === 0) return <Text dimColor={color}>No functions yet.</Text>;
  const nameWidth = Math.min(32, Math.max(8, ...functions.map((summary) => summary.name.length)));
  const cells = (name: string, state: string, version: string, instances: string, requests: string, errors: string, p50: string, p99: string, rate: string): string =>
    [
      name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}…` : name.padEnd(nameWidth),
      state.padEnd(9),
      version.padStart(7),
      instances.padStart(9),
      requests.padStart(8),
      errors.padStart(6),
      p50.padStart(7),
      p99.padStart(7),
      rate.padStart(6),
    ].join(' ');
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold={color}>{`  ${cells('function', 'state', 'version', 'instances', 'requests', 'errors', 'p50', 'p99', 'req/s')}`}</Text>
      {functions.map((summary, index) => {
        const isSelected = index === selectedIndex;
        const latency = (ms: number): string => (summary.requests === 0 ? '-' : formatDuration(ms));
        const text = cells(
          summary.name,
          summary.state,
          `v${summary.version}`,
          String(summary.instances),
          String(summary.requests),
          String(summary.errors),
          latency(summary.p50),
          latency(summary.p99),
          rates[summary.name] === undefined ? '-' : formatRate(rates[summary.name]!),
        );
        return (
          <Text key={summary.name} inverse={color && isSelected} color={color && !isSelected ? stateColor[summary.state] : undefined}>
            {isSelected ? '› ' : '  '}
            {text}
          </Text>
        );
      })}
    </Box>
  );
}

/** Where the selected function answers: "POST /functions/api · GET /api/items", "schedule 0 * * * *" (known from the first metrics event). */
function Routes({ summary, color }: { summary: FunctionSummary; color: boolean }) {
  return <Text dimColor={color}>{`  ${summary.name}: ${summary.routes.join(' · ')}`}</Text>;
}

function DiagnosticLines({ diagnostics, color }: { diagnostics: readonly Diagnostic[]; color: boolean }) {
  const colors = createColors(color);
  return (
    <>
      {diagnostics.map((diagnostic, index) => {
        const location = diagnostic.location;
        const frame = location === undefined ? '' : renderCodeFrame(location, colors);
        return (
          <Box key={index} flexDirection="column" paddingLeft={2}>
            <Text>
              {location === undefined ? '' : <Text bold={color}>{formatLocation(location)}: </Text>}
              {diagnostic.message}
            </Text>
            {frame === '' ? null : <Text>{frame}</Text>}
            {diagnostic.hint === undefined ? null : <Text dimColor={color}>hint: {hintSentence(diagnostic.hint)}</Text>}
          </Box>
        );
      })}
    </>
  );
}

function BuildError({ entry, color }: { entry: BuildErrorEntry; color: boolean }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={color ? 'red' : undefined}>
        ✖ {buildFailureHeadline(entry.functionName, entry.message, entry.diagnostics)} ({buildFailureConsequence(entry.serving)})
      </Text>
      <DiagnosticLines diagnostics={entry.diagnostics} color={color} />
    </Box>
  );
}

function StreamItem({ line, color }: { line: StreamLine; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Text color={color ? toneColor[line.tone] : undefined}>{line.text}</Text>
      {line.diagnostics === undefined ? null : <DiagnosticLines diagnostics={line.diagnostics} color={color} />}
    </Box>
  );
}

function Footer({ keys, selected, color }: { keys: boolean; selected: string | undefined; color: boolean }) {
  if (!keys) return <Text dimColor={color}>Ctrl-C stops the emulator.</Text>;
  const bench = selected === undefined ? 'b bench' : `b bench ${selected}`;
  return (
    <Box marginTop={1}>
      <Text dimColor={color}>{`q quit · r rebuild all · c clear · ${bench} · o open the web console · ↑/↓ select`}</Text>
    </Box>
  );
}
