// The bench dashboard's view. It reads the store and, once the run is done, exits the Ink app
// (after committing the final frame); it never drives the load.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Box, Text, useApp, useStdout } from 'ink';
import type { LatencySummary, LoadTick, ResponseCounts, ServerSnapshot } from '../bench/events.js';
import type { BenchDashboardSnapshot, BenchDashboardStore } from './bench-dashboard-store.js';
import {
  formatBarChart,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatProgressBar,
  formatRate,
  formatSeconds,
} from './format.js';

export interface BenchDashboardProps {
  store: BenchDashboardStore;
  /** Whether to style text. Ink's chalk ignores NO_COLOR, so the view decides itself. */
  color: boolean;
}

/**
 * The dashboard's lines besides the chart's rows, plus a spare line or two: the chart gets the rest
 * of the terminal, up to its max. Ink clears the whole screen on each frame taller than the terminal.
 */
const FIXED_LINES = 20;
const MAX_CHART_ROWS = 6;
const LABEL_WIDTH = 10;
const MAX_METRICS = 6;
const MAX_STATUS_CODES = 8;

const statusColor: Record<string, string | undefined> = { '2': 'green', '3': 'cyan', '4': 'yellow', '5': 'red' };

export function BenchDashboard({ store, color }: BenchDashboardProps) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { columns, rows } = useTerminalSize();
  const { exit } = useApp();
  const done = snapshot.phase === 'done';

  // Effects run after the commit, so the frame that shows "done" is the one left on screen.
  useEffect(() => {
    if (done) exit();
  }, [done, exit]);

  const chartRows = Math.max(1, Math.min(MAX_CHART_ROWS, rows - FIXED_LINES));
  return (
    <Box flexDirection="column">
      <Header snapshot={snapshot} color={color} />
      <Progress snapshot={snapshot} color={color} width={columns} />
      <RateChart snapshot={snapshot} color={color} width={columns} height={chartRows} />
      <Latency snapshot={snapshot} color={color} />
      <Responses totals={snapshot.totals} averageRate={snapshot.averageRate} color={color} />
      <Server server={snapshot.server} color={color} />
      <Box marginTop={1}>
        <Text dimColor={color}>{footerText(snapshot)}</Text>
      </Box>
    </Box>
  );
}

/** The terminal's size, kept current on resize (Ink re-lays out on resize but re-renders no component). */
function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => terminalSize(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(terminalSize(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function terminalSize(stdout: NodeJS.WriteStream): { columns: number; rows: number } {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

function phaseLabel(snapshot: BenchDashboardSnapshot): string {
  switch (snapshot.phase) {
    case 'starting':
      return 'starting…';
    case 'warmup': {
      const warmup = snapshot.start === undefined ? '' : `/${formatSeconds(snapshot.start.warmupMs)}`;
      return `warming up ${snapshot.warmupSecond}${warmup === '' ? 's' : warmup}`;
    }
    case 'run':
      return 'running';
    case 'stopping':
      return 'stopping…';
    case 'done':
      return snapshot.interrupted ? 'stopped (Ctrl-C)' : 'done';
  }
}

function Header({ snapshot, color }: { snapshot: BenchDashboardSnapshot; color: boolean }) {
  const { start } = snapshot;
  return (
    <Text wrap="truncate-end">
      <Text bold={color}>neosl bench {start?.functionName ?? ''}</Text>
      {start === undefined ? '' : (
        <>
          {'  '}
          {start.method} <Text color={color ? 'cyan' : undefined}>{start.url}</Text>
          {` · ${start.connections} ${start.connections === 1 ? 'connection' : 'connections'}`}
          {start.rate === undefined ? '' : ` · rate ${formatNumber(start.rate)}/s`}
        </>
      )}
    </Text>
  );
}

/** The phase, then the measured run's progress bar with elapsed and remaining time. */
function Progress({ snapshot, color, width }: { snapshot: BenchDashboardSnapshot; color: boolean; width: number }) {
  const phaseColor = snapshot.phase === 'run' ? 'green' : snapshot.phase === 'done' ? undefined : 'yellow';
  const phase = (
    <Text color={color ? phaseColor : undefined} bold={color}>
      {phaseLabel(snapshot)}
    </Text>
  );
  const durationMs = snapshot.start?.durationMs;
  if (durationMs === undefined) return phase;
  const elapsed = snapshot.elapsedMs;
  const left = Math.max(0, durationMs - elapsed);
  const label = phaseLabel(snapshot);
  const text = `${formatSeconds(elapsed)} of ${formatSeconds(durationMs)} · ${formatSeconds(left)} left`;
  const barWidth = Math.max(10, Math.min(40, width - label.length - text.length - 5));
  return (
    <Text wrap="truncate-end">
      {phase}
      {'  '}
      <Text color={color ? 'green' : undefined}>{formatProgressBar(durationMs > 0 ? elapsed / durationMs : 1, barWidth)}</Text>
      {`  ${text}`}
    </Text>
  );
}

function RateChart({ snapshot, color, width, height }: { snapshot: BenchDashboardSnapshot; color: boolean; width: number; height: number }) {
  const chartWidth = Math.max(10, width - LABEL_WIDTH - 1);
  // The most recent seconds that fit, one column each.
  const shown: readonly LoadTick[] = snapshot.ticks.slice(-chartWidth);
  const values = shown.map((tick) => tick.requests);
  const max = Math.max(0, ...values);
  const bars = formatBarChart(values, height, max);
  const last = snapshot.lastTick;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        <Text bold={color}>requests/s</Text>
        {last === undefined
          ? ''
          : `  last ${formatNumber(last.requests)} · avg ${formatNumber(Math.round(snapshot.averageRate))} · peak ${formatNumber(snapshot.peakRate)}`}
      </Text>
      {bars.map((bar, row) => (
        <Text key={row} wrap="truncate-end">
          <Text dimColor={color}>{(row === 0 && max > 0 ? formatRate(max) : '').padStart(LABEL_WIDTH - 2)} │</Text>
          <Text color={color ? 'cyan' : undefined}>{bar}</Text>
        </Text>
      ))}
      <Text dimColor={color} wrap="truncate-end">
        {' '.repeat(LABEL_WIDTH)}
        {secondsAxis(shown)}
      </Text>
    </Box>
  );
}

/** `1s` under the first column, the last second under the last one. */
function secondsAxis(shown: readonly LoadTick[]): string {
  const first = shown[0];
  const last = shown[shown.length - 1];
  if (first === undefined || last === undefined) return 'the chart starts with the measured run';
  const left = `${first.second}s`;
  const right = `${last.second}s`;
  if (shown.length === 1) return left;
  if (shown.length < left.length + right.length + 1) return `${left}–${right}`;
  return left + right.padStart(shown.length - left.length);
}

const LATENCY_COLUMN = 9;

function latencyRow(label: string, cells: string[]): string {
  return label.padEnd(14) + cells.map((cell) => cell.padStart(LATENCY_COLUMN)).join('');
}

function Latency({ snapshot, color }: { snapshot: BenchDashboardSnapshot; color: boolean }) {
  const last: LatencySummary | undefined = snapshot.lastTick !== undefined && snapshot.lastTick.requests > 0 ? snapshot.lastTick.latency : undefined;
  const run = snapshot.runLatency;
  const ms = (value: number | undefined): string => (value === undefined ? '-' : formatDuration(value));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold={color} wrap="truncate-end">
        {latencyRow('latency', ['p50', 'p90', 'p99', 'max', 'avg'])}
      </Text>
      <Text wrap="truncate-end">{latencyRow('last second', [ms(last?.p50), ms(last?.p90), ms(last?.p99), ms(last?.max), ms(last?.average)])}</Text>
      <Text wrap="truncate-end">{latencyRow('run so far', [ms(run?.p50), ms(run?.p90), ms(run?.p99), ms(run?.max), ms(run?.average)])}</Text>
    </Box>
  );
}

function Responses({ totals, averageRate, color }: { totals: ResponseCounts; averageRate: number; color: boolean }) {
  const codes = Object.entries(totals.statusCodes)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const shown = codes.slice(0, MAX_STATUS_CODES);
  const warn = (count: number, tone: string): string | undefined => (color && count > 0 ? tone : undefined);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        {`requests ${formatNumber(totals.requests)}`}
        {totals.requests > 0 ? ` (${formatNumber(Math.round(averageRate))}/s)` : ''}
        {' · '}
        <Text color={warn(totals.errors, 'red')}>errors {formatNumber(totals.errors)}</Text>
        {' · '}
        <Text color={warn(totals.timeouts, 'red')}>timeouts {formatNumber(totals.timeouts)}</Text>
        {' · '}
        <Text color={warn(totals.non2xx, 'yellow')}>non-2xx {formatNumber(totals.non2xx)}</Text>
      </Text>
      <Text wrap="truncate-end">
        {'status  '}
        {shown.length === 0 ? <Text dimColor={color}>-</Text> : null}
        {shown.map(([code, count], index) => (
          <Text key={code}>
            {index === 0 ? '' : ' · '}
            <Text color={color ? statusColor[code.charAt(0)] : undefined}>
              {code} × {formatNumber(count)}
            </Text>
          </Text>
        ))}
        {codes.length > shown.length ? ` · +${codes.length - shown.length} more` : ''}
      </Text>
    </Box>
  );
}

function Server({ server, color }: { server: ServerSnapshot | undefined; color: boolean }) {
  if (server === undefined) {
    return (
      <Box marginTop={1}>
        <Text dimColor={color}>server  waiting for the emulator's metrics…</Text>
      </Box>
    );
  }
  const metrics = Object.entries(server.metrics).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shown = metrics.slice(0, MAX_METRICS);
  const serverLatency = (ms: number): string => (server.requests === 0 ? '-' : formatDuration(ms));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        {`server  instances ${server.instances} · cold starts ${server.coldStarts} · `}
        <Text color={color && server.errors > 0 ? 'red' : undefined}>errors {formatNumber(server.errors)}</Text>
        {` · rss ${formatBytes(server.rssBytes)}`}
      </Text>
      <Text wrap="truncate-end">
        {`        p50 ${serverLatency(server.p50)} · p99 ${serverLatency(server.p99)} · cache hits ${formatPercent(server.cacheHitRate)}`}
      </Text>
      {shown.length === 0 ? null : (
        <Text wrap="truncate-end">
          {'metrics '}
          {shown.map(([name, value]) => `${name} = ${formatNumber(value)}`).join(' · ')}
          {metrics.length > shown.length ? <Text dimColor={color}>{` · +${metrics.length - shown.length} more`}</Text> : ''}
        </Text>
      )}
    </Box>
  );
}

function footerText(snapshot: BenchDashboardSnapshot): string {
  if (snapshot.phase !== 'done') return 'Ctrl-C stops the load and prints the result so far';
  return snapshot.interrupted ? 'Stopped by Ctrl-C: the result below is partial.' : 'Done.';
}
