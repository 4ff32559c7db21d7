// What `neosl deploy` says: the diff before anything is sent, the upload, the functions' URLs with
// `Version: <id>` always last, a canary's start, progress and verdict, and the host's refusals.
import { formatBytes } from '../bundler/build-report.js';
import type { Canary, CanarySideStats, DeployAnswer } from '../host/api-types.js';
import type { Colors } from '../output/colors.js';
import { formatSeconds } from '../ui/format.js';
import type { ChangedFunction, DeployPlan } from './deploy-plan.js';
import type { CanaryVerdict } from './canary-wait.js';
import type { UploadResult } from './upload.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The line every successful deploy output ends with (on stdout). */
export function versionLine(id: string): string {
  return `Version: ${id}`;
}

/** "code, config: timeoutMs, triggers". */
export function describeChange(change: ChangedFunction): string {
  return [change.code ? 'code' : '', change.sourceMap ? 'source map' : '', change.configKeys.length > 0 ? `config: ${change.configKeys.join(', ')}` : '']
    .filter((part) => part !== '')
    .join(', ');
}

/**
 * The diff, one line per function added, changed or removed, then the unchanged ones on one line and
 * the settings that changed:
 *   + hello (new)
 *   ~ items (code, config: timeoutMs)
 *   - old (removed)
 *   = others unchanged: a, b
 *   settings: cache.redisUrl
 */
export function formatPlan(plan: DeployPlan, colors: Colors): string[] {
  const lines = [
    ...plan.added.map((name) => colors.green(`+ ${name} (new)`)),
    ...plan.changed.map((change) => colors.yellow(`~ ${change.name} (${describeChange(change)})`)),
    ...plan.removed.map((name) => colors.red(`- ${name} (removed)`)),
  ];
  if (plan.unchanged.length > 0) lines.push(colors.dim(`= ${lines.length > 0 ? 'others unchanged' : 'unchanged'}: ${plan.unchanged.join(', ')}`));
  if (plan.settingsChanged.length > 0) lines.push(`settings: ${plan.settingsChanged.join(', ')}`);
  return lines;
}

/** "Uploaded 2 of 6 files (1.20 MB)"; "Uploaded 0 of 6 files: the host has them all". */
export function formatUploadSummary(result: UploadResult): string {
  const counted = `Uploaded ${result.uploaded} of ${plural(result.total, 'file')}`;
  return result.uploaded === 0 ? `${counted}: the host has them all` : `${counted} (${formatBytes(result.uploadedBytes)})`;
}

/** "--dry-run: 2 of 6 files would be uploaded (the host has the others); nothing was changed". */
export function formatDryRun(wouldUpload: number, total: number): string {
  const files = wouldUpload === 0 ? `no file would be uploaded (the host has all ${total})` : `${wouldUpload} of ${plural(total, 'file')} would be uploaded`;
  return `--dry-run: ${files}; nothing was sent or changed`;
}

/** Each function's URL, name-aligned, a canary's marked. */
function functionLines(functions: DeployAnswer['functions'], colors: Colors): string[] {
  const width = Math.max(0, ...functions.map((fn) => fn.name.length));
  return functions.map((fn) => `  ${fn.name.padEnd(width)}  ${fn.url}${fn.status === 'canary' ? colors.yellow('  (canary)') : ''}`);
}

/** After a deploy: what is live, each function's URL, a note on backends, and `Version: <id>` last. */
export function formatDeployed(answer: DeployAnswer & { restartNeeded?: string[] }, colors: Colors): string[] {
  const was = answer.previous === null ? 'the first version' : `was ${answer.previous}`;
  const lines = [
    answer.canary === undefined
      ? `${colors.green('✔')} ${answer.version} is active (${was})`
      : `${colors.green('✔')} ${answer.version} is deployed as a canary beside ${answer.canary.stable}`,
    ...functionLines(answer.functions, colors),
  ];
  if (answer.restartNeeded !== undefined && answer.restartNeeded.length > 0) {
    lines.push(colors.yellow(`▲ the backend settings changed (${answer.restartNeeded.join(', ')}): they apply when the host restarts`));
  }
  if (answer.canary !== undefined) lines.push(...formatCanaryStarted(answer.canary, answer.canary.endsAt !== undefined));
  lines.push(versionLine(answer.version));
  return lines;
}

/** What a canary that just started does, and (without --watch) that nothing ends it by itself. */
export function formatCanaryStarted(canary: Canary, watching: boolean): string[] {
  const lines = [`Canary ${canary.version} takes ${canary.percent}% of the traffic of the functions it changes; ${canary.stable} serves the rest.`];
  if (watching) {
    const limits = [
      canary.maxErrorRate !== undefined ? `error rate above ${canary.maxErrorRate}%` : '',
      canary.maxP99RegressionPct !== undefined ? `p99 more than ${canary.maxP99RegressionPct}% above ${canary.stable}'s` : '',
    ].filter((limit) => limit !== '');
    const until = canary.endsAt !== undefined ? ` (${canary.endsAt})` : '';
    lines.push(`The host promotes it or rolls it back by itself at the end of the window${until}${limits.length > 0 ? `; it rolls back on ${limits.join(' or ')}` : ''}.`);
  } else {
    lines.push('Nothing ends it by itself: with --watch <duration> (e.g. --watch 2m) the host promotes or rolls back a canary on its own at the end of the window.');
  }
  return lines;
}

function side(name: string, stats: CanarySideStats): string {
  const p99 = stats.p99Ms === null ? '-' : `${Math.round(stats.p99Ms)} ms`;
  return `${name}: ${plural(stats.requests, 'request')}, ${plural(stats.errors, 'error')}, p99 ${p99}`;
}

/** "canary v5: 12 requests, 0 errors, p99 8 ms · stable v4: 110 requests, 1 error, p99 7 ms". */
export function formatCanaryFigures(canary: Canary): string {
  return `${side(`canary ${canary.version}`, canary.stats.canary)} · ${side(`stable ${canary.stable}`, canary.stats.stable)}`;
}

/** The figures and the time left in the window: "… · 1m40s left". */
export function formatCanaryProgress(canary: Canary, now: number): string {
  const endsAt = canary.endsAt !== undefined ? Date.parse(canary.endsAt) : NaN;
  const left = Number.isFinite(endsAt) ? ` · ${endsAt > now ? `${formatSeconds(endsAt - now)} left` : 'deciding'}` : '';
  return `${formatCanaryFigures(canary)}${left}`;
}

/** The verdict: promoted (Version: the canary) or rolled back (Version: the stable one), why, and the figures. */
export function formatCanaryVerdict(verdict: CanaryVerdict, version: string, colors: Colors): string[] {
  const reason = verdict.reason !== undefined ? `: ${verdict.reason}` : '';
  const lines = [
    verdict.state === 'promoted'
      ? `${colors.green('✔')} canary ${version} promoted${reason}`
      : `${colors.red('✘')} canary ${version} rolled back${reason}; ${verdict.active} keeps serving`,
  ];
  if (verdict.canary !== null) lines.push(colors.dim(formatCanaryFigures(verdict.canary)));
  lines.push(versionLine(verdict.active));
  return lines;
}

/** SECRETS_MISSING in words: which secrets, for which functions, and the command that sets each. */
export function secretsMissingText(missing: readonly { function: string; secret: string }[]): { message: string; hint: string } {
  const bySecret = new Map<string, string[]>();
  for (const { function: name, secret } of missing) bySecret.set(secret, [...(bySecret.get(secret) ?? []), name]);
  const listed = [...bySecret].map(([secret, names]) => `${secret} (read by ${names.join(', ')})`).join(', ');
  const commands = [...bySecret.keys()].map((secret) => `neosl secrets set ${secret}`).join('; ');
  return {
    message: `the host lacks ${bySecret.size === 1 ? 'a secret' : 'secrets'} the functions declare: ${listed}; nothing was activated`,
    hint: `set ${bySecret.size === 1 ? 'it' : 'each'} on the host (the value is read from stdin), then deploy again: ${commands}`,
  };
}
