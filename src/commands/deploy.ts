// `neosl deploy [fn…]`: build, show the diff against the host's active version, upload only the files
// the host lacks, and activate the new version in one step (or start it as a canary, watched to its
// verdict with --watch). `Version: <id>` is the last line of a deploy that went through.
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { askYesNo } from '../output/ask-yes-no.js';
import { buildProject } from '../bundler/build-project.js';
import { formatWarning } from '../bundler/build-report.js';
import { sha256Hex } from '../bundler/bundle-result.js';
import { readManifest } from '../bundler/manifest.js';
import { loadConfig } from '../config/load.js';
import { selectFunctions } from '../config/select-functions.js';
import type { FunctionConfig, LoadedConfig } from '../config/types.js';
import { parseDuration, UnitParseError } from '../config/units.js';
import { waitForCanary } from '../deploy/canary-wait.js';
import { hasNoChanges, planDeploy, versionHash, type DeployPlan } from '../deploy/deploy-plan.js';
import {
  formatCanaryProgress,
  formatCanaryVerdict,
  formatDeployed,
  formatDryRun,
  formatPlan,
  formatUploadSummary,
  secretsMissingText,
  versionLine,
} from '../deploy/deploy-text.js';
import { hostClient, type HostClient } from '../deploy/host-client.js';
import { projectSettings } from '../deploy/project-settings.js';
import { requireToken, resolveTarget } from '../deploy/target.js';
import { putFiles, missingFiles, uploadMissing, type DeployFile } from '../deploy/upload.js';
import { functionUrl } from '../emulator/router.js';
import { isUserError, UsageError, UserError, type SourceLocation } from '../errors.js';
import { wantsKnative } from '../knative/flags.js';
import type { CanaryRequest, DeployAnswer, DeployRequest, Version, VersionFunction } from '../host/api-types.js';
import { formatDuration } from '../ui/format.js';
import { displayPath } from '../util/display-path.js';
import { combineFailures } from './build.js';
import { fetchVersionList } from './versions.js';

interface RawDeployOptions {
  target?: string;
  message?: string;
  dryRun?: boolean;
  canary?: string;
  watch?: string;
  maxErrorRate?: string;
  maxP99Regression?: string;
  yes?: boolean;
}

/** The bundles are where `neosl build` puts them: the host relies on dist/<fn>/index.mjs and its map beside it. */
const OUTDIR = 'dist';

function percentOption(flag: string, text: string, max?: number): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (max !== undefined && value > max)) {
    throw new UsageError(`${flag}: expected a percentage${max !== undefined ? ` from 0 to ${max}` : ' of 0 or more'}, got "${text}"`, { hint: `e.g. ${flag} 1` });
  }
  return value;
}

/** --canary, --watch and the limits, checked before anything is built or sent. */
export function canaryRequest(options: RawDeployOptions): CanaryRequest | undefined {
  const needs = (flag: string, needed: string) => new UsageError(`${flag} needs ${needed}`, { hint: 'e.g. neosl deploy --canary 10 --watch 2m --max-error-rate 1 --max-p99-regression 20' });
  if (options.canary === undefined) {
    if (options.watch !== undefined) throw needs('--watch', '--canary <percent>');
    if (options.maxErrorRate !== undefined) throw needs('--max-error-rate', '--canary <percent> and --watch <duration>');
    if (options.maxP99Regression !== undefined) throw needs('--max-p99-regression', '--canary <percent> and --watch <duration>');
    return undefined;
  }
  const percent = Number(options.canary.trim());
  if (!/^\d+$/.test(options.canary.trim()) || percent < 1 || percent > 99) {
    throw new UsageError(`--canary: expected a whole percentage from 1 to 99, got "${options.canary}"`, { hint: 'e.g. --canary 10 sends 10% of the traffic to the new version' });
  }
  if (options.watch === undefined) {
    if (options.maxErrorRate !== undefined) throw needs('--max-error-rate', '--watch <duration>: the host judges the canary at the end of the window');
    if (options.maxP99Regression !== undefined) throw needs('--max-p99-regression', '--watch <duration>: the host judges the canary at the end of the window');
    return { percent };
  }
  let watchMs: number;
  try {
    watchMs = parseDuration(options.watch, 's');
  } catch (error) {
    if (error instanceof UnitParseError) throw new UsageError(`--watch: ${error.message}`, { hint: 'a bare number is in seconds' });
    throw error;
  }
  if (watchMs < 1000) throw new UsageError(`--watch: the window must be at least 1s, got "${options.watch}"`);
  return {
    percent,
    watchMs,
    ...(options.maxErrorRate !== undefined ? { maxErrorRate: percentOption('--max-error-rate', options.maxErrorRate, 100) } : {}),
    ...(options.maxP99Regression !== undefined ? { maxP99RegressionPct: percentOption('--max-p99-regression', options.maxP99Regression) } : {}),
  };
}

export interface BuiltVersion {
  functions: Map<string, VersionFunction>;
  files: DeployFile[];
}

/** `neosl build` of the chosen functions (minified, into dist/), read back as the version's functions and files. */
export async function buildFunctions(context: CommandContext, loaded: LoadedConfig, selected: FunctionConfig[]): Promise<BuiltVersion> {
  const { out } = context;
  const outdir = resolve(loaded.dir, OUTDIR);
  const started = performance.now();
  out.info(`building ${selected.length} function${selected.length === 1 ? '' : 's'} into ${displayPath(outdir)}…`);
  const result = await buildProject({ loaded, functions: selected, outdir, minify: true, env: context.env, coldStartRuns: 0 });
  for (const fn of result.built) for (const warning of fn.warnings) out.info(formatWarning(fn.name, warning, out.colors));
  if (result.failures.length > 0) throw combineFailures(result.failures, selected.length);
  out.info(`${out.colors.green('✔')} built ${result.built.map((fn) => fn.name).join(', ')} in ${formatDuration(performance.now() - started)}`);

  const manifest = readManifest(outdir);
  const functions = new Map<string, VersionFunction>();
  const files: DeployFile[] = [];
  for (const fn of result.built) {
    const code = readFileSync(fn.outputFile);
    const map = readFileSync(fn.mapFile);
    const entry = manifest !== undefined && Object.hasOwn(manifest.functions, fn.name) ? manifest.functions[fn.name] : undefined;
    const sha256 = sha256Hex(code);
    if (entry === undefined || entry.sha256 !== sha256) {
      throw new UserError(`${displayPath(outdir)} changed while neosl deploy was building ${fn.name} (another build?)`, { code: 'BUILD_CHANGED', hint: 'run neosl deploy again' });
    }
    const mapSha256 = sha256Hex(map);
    functions.set(fn.name, { sha256, mapSha256, exportName: entry.exportName, config: entry.config });
    files.push({ sha256, bytes: code }, { sha256: mapSha256, bytes: map });
  }
  return { functions, files };
}


/** Removing functions from the host takes --yes, or a yes on the terminal. */
async function confirmRemoval(removed: string[], yes: boolean): Promise<void> {
  if (removed.length === 0 || yes) return;
  const names = removed.join(', ');
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
    throw new UsageError(`--yes is needed to remove ${removed.length === 1 ? 'the function' : 'the functions'} ${names} from the host: there is no terminal to ask on`, {
      hint: 'add --yes to deploy anyway, or deploy only some functions: neosl deploy <function…> keeps the others',
    });
  }
  if (!(await askYesNo(`Remove ${names} from the host? [y/N] `))) {
    throw new UserError('deploy cancelled: nothing was uploaded or changed', { code: 'DEPLOY_CANCELLED' });
  }
}

/** A stack frame of the host's stack (paths of its store) as the project file it comes from, with its line. */
export function localFrame(stack: string, projectDir: string): SourceLocation | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?([^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!match) continue;
    const parts = match[1]!.replace(/^file:\/\//, '').split(/[\\/]/).filter((part) => part !== '');
    if (parts.includes('node_modules')) continue;
    for (let start = 0; start < parts.length; start++) {
      const file = join(projectDir, ...parts.slice(start));
      if (!file.startsWith(projectDir + sep)) continue;
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const lineNumber = Number(match[2]);
      const lineText = source.split('\n')[lineNumber - 1]?.replace(/\r$/, '');
      return { file: displayPath(file), line: lineNumber, column: Number(match[3]), ...(lineText !== undefined ? { lineText } : {}) };
    }
  }
  return undefined;
}

/** The host's refusals in the words of this deploy (what was not activated, what to do). */
function deployFailure(error: UserError, previous: string | null, projectDir: string): UserError {
  const details = (typeof error.details === 'object' && error.details !== null ? error.details : {}) as Record<string, unknown>;
  const keeps = previous === null ? 'nothing is active yet' : `${previous} keeps serving`;
  if (error.code === 'START_FAILED') {
    const name = typeof details.function === 'string' ? details.function : undefined;
    const failure = typeof details.message === 'string' ? `${name ?? 'a function'} did not start on the host: ${details.message}` : error.message;
    const location = typeof details.stack === 'string' ? localFrame(details.stack, projectDir) : undefined;
    return new UserError(`${failure}; nothing was activated, ${keeps}`, {
      code: error.code,
      details: error.details,
      ...(location !== undefined ? { location } : {}),
      hint: 'run it locally to see it fail in context: neosl invoke' + (name !== undefined ? ` ${name}` : ''),
    });
  }
  if (error.code === 'SECRETS_MISSING' && Array.isArray(details.missing)) {
    const missing = details.missing.filter((entry): entry is { function: string; secret: string } => typeof entry?.function === 'string' && typeof entry?.secret === 'string');
    if (missing.length > 0) return new UserError(secretsMissingText(missing).message, { code: error.code, hint: secretsMissingText(missing).hint, details: error.details });
  }
  if (error.code === 'DEPLOY_CONFLICT') {
    return new UserError(`${error.message}; nothing was activated`, { code: error.code, hint: 'run neosl deploy again: it shows the diff against the new active version', details: error.details });
  }
  return error;
}

/** POST /_neosl/deployments; a bundle the host lost meanwhile is uploaded again, once. */
async function activate(client: HostClient, request: DeployRequest, files: readonly DeployFile[]): Promise<DeployAnswer> {
  const send = () => client.request<DeployAnswer>('POST', '/_neosl/deployments', request, { timeoutMs: 300_000 });
  try {
    return await send();
  } catch (error) {
    if (!isUserError(error) || error.code !== 'BUNDLE_MISSING') throw error;
    const missing = new Set(((error.details as { missing?: unknown } | undefined)?.missing as string[] | undefined) ?? []);
    await putFiles(client, files.filter((file) => missing.has(file.sha256)));
    return send();
  }
}

/** The URL of each function on `url`, as the host names it (its first route). */
function functionUrls(url: string, functions: Record<string, VersionFunction>): DeployAnswer['functions'] {
  return Object.entries(functions).map(([name, fn]) => {
    return { name, url: functionUrl(url, { ...fn.config, name }), status: 'active' as const };
  });
}

export async function deployCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as RawDeployOptions;
  const { out } = context;
  const names = (args[0] as string[] | undefined) ?? [];
  // --target knative (or --out, --image…): Kubernetes/Knative manifests instead of a neosl serve host.
  if (wantsKnative(rawOptions) && (await (await import('./deploy-knative.js')).deployKnativeCommand(context, args, rawOptions))) return;
  const canary = canaryRequest(options);
  const message = options.message?.trim() || undefined;

  const loaded = await loadConfig({ cwd: context.cwd, env: context.env });
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  const selected = selectFunctions(loaded.config, names);
  const project = loaded.config.name;
  const client = hostClient(target);

  const list = await fetchVersionList(client);
  if (list.project !== null && list.project !== project) {
    throw new UserError(`the host at ${target.url} serves the project "${list.project}", not "${project}"`, {
      code: 'PROJECT_MISMATCH',
      hint: 'a host serves one project: deploy this one to a host of its own (neosl serve --store <another folder> --port <another port>)',
    });
  }
  const active = list.active !== null ? await client.request<Version>('GET', `/_neosl/versions/${encodeURIComponent(list.active)}`) : undefined;
  if (canary !== undefined && active === undefined) {
    throw new UserError('a canary needs a version already active to split the traffic with', { code: 'NO_STABLE_VERSION', hint: 'deploy once without --canary' });
  }
  const runningCanary = list.canary?.state === 'running' ? list.canary : undefined;
  const canaryActive = () => {
    const wait = runningCanary!.endsAt !== undefined ? `wait for its verdict at the end of its window (${runningCanary!.endsAt}), or` : 'it has no window, so nothing ends it by itself:';
    return new UserError(`canary ${runningCanary!.version} is still running on ${runningCanary!.percent}% of the traffic: the host takes no other deploy until it ends`, {
      code: 'CANARY_ACTIVE',
      hint: `${wait} deploy the canary's code without --canary to promote it, or run "neosl rollback" to end it`,
    });
  };
  if (runningCanary !== undefined && canary !== undefined) throw canaryActive();

  out.info(`Deploying ${project} to ${target.url} (${active !== undefined ? `active: ${active.id}` : 'nothing deployed yet'})`);
  const built = await buildFunctions(context, loaded, selected);
  // Named functions replace or join the active version's; nothing is removed. Otherwise: the project as it is.
  const functions: Record<string, VersionFunction> = Object.fromEntries(names.length > 0 ? [...Object.entries(active?.functions ?? {}), ...built.functions] : built.functions);
  const settings = projectSettings(loaded.file, loaded.config);
  const plan = planDeploy({ project, functions, settings }, active);

  if (hasNoChanges(plan, active)) {
    out.info(`No changes: ${active!.id} is already active`);
    if (out.json) return out.data({ version: active!.id, noChanges: true, functions: functionUrls(target.url, functions), uploaded: 0, unchanged: Object.keys(functions).length });
    out.result(versionLine(active!.id));
    return;
  }
  if (runningCanary !== undefined) {
    // The same code as the canary: this deploy promotes it; anything else waits for its verdict.
    const canaryVersion = await client.request<Version>('GET', `/_neosl/versions/${encodeURIComponent(runningCanary.version)}`);
    if (versionHash({ project, functions, settings }) !== canaryVersion.hash) throw canaryActive();
    out.info(`This is the code of canary ${runningCanary.version}: deploying it promotes the canary to all the traffic`);
  }
  for (const line of formatPlan(plan, out.colors)) out.info(line);
  if (canary !== undefined && (plan.added.length > 0 || plan.removed.length > 0)) {
    throw new UserError('a canary cannot add or remove functions (their routes belong to the stable version)', { code: 'CANARY_FUNCTIONS_CHANGED', hint: 'deploy without --canary' });
  }

  if (options.dryRun === true) {
    const missing = await missingFiles(client, built.files);
    const total = new Set(built.files.map((file) => file.sha256)).size;
    if (out.json) return out.data({ dryRun: true, plan, wouldUpload: missing.length });
    out.info(formatDryRun(missing.length, total));
    return;
  }
  await confirmRemoval(plan.removed, options.yes === true);

  const upload = await uploadMissing(client, built.files);
  out.info(formatUploadSummary(upload));
  const request: DeployRequest = { project, ...(message !== undefined ? { message } : {}), functions, settings, expectedActive: active?.id ?? null, ...(canary !== undefined ? { canary } : {}) };
  let answer: DeployAnswer;
  try {
    answer = await activate(client, request, built.files);
  } catch (error) {
    throw isUserError(error) ? deployFailure(error, active?.id ?? null, loaded.dir) : error;
  }
  await report(context, client, { answer, plan, uploaded: upload.uploaded, watchMs: canary?.watchMs });
}

interface DeployOutcome {
  answer: DeployAnswer;
  plan: DeployPlan;
  uploaded: number;
  watchMs?: number;
}

/** The functions' URLs and `Version: <id>` last; with --watch, the canary followed to its verdict first. */
async function report(context: CommandContext, client: HostClient, outcome: DeployOutcome): Promise<void> {
  const { out } = context;
  const { answer, plan } = outcome;
  const document = { version: answer.version, hash: answer.hash, functions: answer.functions, uploaded: outcome.uploaded, unchanged: plan.unchanged.length, previous: answer.previous, plan };
  const lines = formatDeployed(answer, out.colors);
  const watching = answer.canary !== undefined && outcome.watchMs !== undefined;
  for (const line of lines.slice(0, -1)) out.info(line);
  if (!watching) {
    if (out.json) return out.data({ ...document, ...(answer.canary !== undefined ? { canary: answer.canary } : {}) });
    out.result(lines.at(-1)!);
    return;
  }

  const canary = answer.canary!;
  const verdict = await waitForCanary(client, {
    version: canary.version,
    stable: canary.stable,
    watchMs: outcome.watchMs!,
    onProgress: (current) => out.info(out.colors.dim(formatCanaryProgress(current, Date.now()))),
    onUnreachable: (error) => out.info(out.colors.yellow(`${error.message}; still waiting for the canary's verdict…`)),
  });
  const verdictLines = formatCanaryVerdict(verdict, canary.version, out.colors);
  for (const line of verdictLines.slice(0, -1)) out.info(line);
  if (verdict.state === 'rolled-back') {
    const failure = `canary ${canary.version} was rolled back${verdict.reason !== undefined ? `: ${verdict.reason}` : ''}`;
    if (out.json) {
      throw new UserError(failure, { code: 'CANARY_ROLLED_BACK', details: { version: verdict.active, canary: verdict.canary ?? canary, reason: verdict.reason ?? null } });
    }
    out.result(verdictLines.at(-1)!);
    throw new UserError(failure, { code: 'CANARY_ROLLED_BACK', alreadyReported: true });
  }
  if (out.json) return out.data({ ...document, version: verdict.active, canary: verdict.canary ?? canary });
  out.result(verdictLines.at(-1)!);
}
