// `neosl rollback [function] [--to VERSION]`: says which version goes live, asks (or takes --yes),
// activates it on the host atomically, and warns that data and secrets stay as they are.
import type { CommandContext } from '../command-context.js';
import { askYesNo } from '../output/ask-yes-no.js';
import { UsageError, UserError } from '../errors.js';
import type { VersionSummary } from '../host/api-types.js';
import { requireToken, resolveTarget } from '../deploy/target.js';
import { hostClient } from '../deploy/host-client.js';
import { formatFunctionChanges, functionChanges, type VersionList } from '../deploy/version-text.js';
import { fetchVersionList } from './versions.js';

interface RollbackOptions {
  to?: string;
  target?: string;
  yes?: boolean;
}

/** `POST /_neosl/rollback`. */
interface RollbackAnswer {
  version: string;
  previous: string;
}

const NOT_ROLLED_BACK = 'Data (database, cache) and secrets are not rolled back: they stay as they are now.';

/** "v3", "3" or a hash prefix (4+ hex digits, one match) to a version of the list; undefined: the host decides. */
export function findVersion(versions: readonly VersionSummary[], reference: string): VersionSummary | undefined {
  const text = reference.trim().toLowerCase();
  const numbered = /^v?(\d+)$/.exec(text);
  const byNumber = numbered ? versions.find((version) => version.number === Number(numbered[1])) : undefined;
  if (byNumber !== undefined || !/^[0-9a-f]{4,64}$/.test(text)) return byNumber;
  const byHash = versions.filter((version) => version.hash.toLowerCase().startsWith(text));
  return byHash.length === 1 ? byHash[0] : undefined;
}

/** What goes live: --to, else the newest version before the active one (for a function: the newest with other code for it). */
function chooseVersion(list: VersionList, active: VersionSummary, functionName: string | undefined, to: string | undefined): VersionSummary | string {
  if (to !== undefined) return findVersion(list.versions, to) ?? to;
  const older = list.versions.filter((version) => version.number < active.number).sort((a, b) => b.number - a.number);
  if (functionName === undefined) {
    if (older[0] !== undefined) return older[0];
    throw new UserError(`${active.id} is the first version of ${list.project ?? 'the project'}: there is no earlier one to roll back to`, { code: 'NOTHING_TO_ROLL_BACK' });
  }
  const current = active.functions[functionName]?.sha256;
  const earlier = older.find((version) => version.functions[functionName] !== undefined && version.functions[functionName]!.sha256 !== current);
  if (earlier !== undefined) return earlier;
  throw new UserError(`no version before ${active.id} has other code for ${functionName}: there is nothing to roll back`, {
    code: 'NOTHING_TO_ROLL_BACK',
    hint: `"neosl versions ${functionName}" lists the versions that changed it.`,
  });
}


/** Asks on the terminal (y/N); without one, --yes is needed. */
async function confirmOrStop(question: string): Promise<void> {
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
    throw new UsageError('neosl rollback asks before it changes the active version, and there is no terminal to ask on', { hint: 'Add --yes to roll back without asking (e.g. in CI).' });
  }
  if (!(await askYesNo(`${question} [y/N] `))) throw new UserError('rollback cancelled: nothing changed', { code: 'ROLLBACK_CANCELLED' });
}

export async function rollbackCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as RollbackOptions;
  const functionName = args[0] as string | undefined;
  const { out } = context;
  if (options.to !== undefined && options.to.trim() === '') throw new UsageError('--to: expected a version, e.g. --to v3, --to 3 or a hash prefix');
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  const client = hostClient(target);
  const list = await fetchVersionList(client);
  const project = list.project ?? 'the project';
  const active = list.versions.find((version) => version.id === list.active);
  if (list.active === null) {
    throw new UserError(`no version is active on ${target.url}: there is nothing to roll back`, { code: 'NOTHING_TO_ROLL_BACK', hint: 'Deploy first: neosl deploy' });
  }
  if (active === undefined) {
    throw new UserError(`the host at ${target.url} says ${list.active} is active but does not list it among its versions`, { code: 'NOT_A_NEOSL_HOST', hint: '"neosl versions --json" shows what it answers.' });
  }

  // During a canary, rolling back ends it: the stable version takes all the traffic again.
  if (list.canary?.state === 'running' && functionName === undefined && options.to === undefined) {
    const canary = list.canary;
    out.info(`Ending canary ${canary.version} (${canary.percent}% of the traffic): ${canary.stable} takes it all again`);
    if (options.yes !== true) await confirmOrStop('End the canary?');
    const answer = await client.request<RollbackAnswer>('POST', '/_neosl/rollback', { expectedActive: active.id });
    if (out.json) return out.data({ ...answer, canaryEnded: canary.version, notRolledBack: ['data', 'secrets'] });
    out.result(`Canary ${canary.version} ended: ${answer.version} serves all the traffic.`);
    out.result(`${out.colors.yellow('▲')} ${NOT_ROLLED_BACK}`);
    out.result(`Version: ${answer.version}`);
    return;
  }

  const chosen = chooseVersion(list, active, functionName, options.to);
  const toId = typeof chosen === 'string' ? chosen : chosen.id;
  if (typeof chosen !== 'string') {
    if (functionName === undefined && chosen.id === active.id) throw new UserError(`${active.id} is already the active version of ${project}`, { code: 'NOTHING_TO_ROLL_BACK' });
    if (functionName !== undefined && chosen.functions[functionName] === undefined) {
      throw new UserError(`${chosen.id} has no function ${functionName}: there is nothing of it to roll back to`, { code: 'FUNCTION_NOT_FOUND', hint: `"neosl versions ${functionName}" lists the versions that changed it.` });
    }
    if (functionName !== undefined && chosen.functions[functionName]!.sha256 === active.functions[functionName]?.sha256) {
      throw new UserError(`${functionName} has the same code in ${chosen.id} as in ${active.id}: there is nothing to roll back`, { code: 'NOTHING_TO_ROLL_BACK' });
    }
  }

  if (functionName === undefined) {
    out.info(`Rolling back ${project} from ${active.id} to ${toId}`);
    if (typeof chosen !== 'string') out.info(out.colors.dim(`functions: ${formatFunctionChanges(functionChanges(chosen, active), Number.POSITIVE_INFINITY)}`));
  } else {
    out.info(`Rolling back ${functionName} of ${project}: a new version with ${functionName} from ${toId}, everything else as in ${active.id}`);
  }
  if (list.canary?.state === 'running') out.info(out.colors.yellow(`A canary of ${list.canary.version} is running (${list.canary.percent}% of the traffic).`));

  if (options.yes !== true) await confirmOrStop('Roll back?');

  const answer = await client.request<RollbackAnswer>('POST', '/_neosl/rollback', {
    to: toId,
    ...(functionName !== undefined ? { function: functionName } : {}),
    expectedActive: active.id,
  });
  if (out.json) return out.data({ ...answer, notRolledBack: ['data', 'secrets'] });
  out.result(
    functionName === undefined
      ? `Rolled back ${project}: ${answer.version} is active (was ${answer.previous}).`
      : `${answer.version} is active: ${functionName} from ${toId}, everything else as in ${answer.previous}.`,
  );
  out.result(`${out.colors.yellow('▲')} ${NOT_ROLLED_BACK}`);
  out.result(`Version: ${answer.version}`);
}
