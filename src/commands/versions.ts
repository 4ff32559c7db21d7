// `neosl versions [function]`: the host's versions of the project, newest first, with what each one
// changed, which is active and which is a running canary; with a function, only the versions that changed it.
import type { CommandContext } from '../command-context.js';
import { UserError } from '../errors.js';
import { requireToken, resolveTarget } from '../deploy/target.js';
import { hostClient, type HostClient } from '../deploy/host-client.js';
import { formatVersionTable, versionsChangingFunction, type VersionList } from '../deploy/version-text.js';

interface VersionsOptions {
  target?: string;
}

/** GET /_neosl/versions, checked for the shape the commands rely on. */
export async function fetchVersionList(client: HostClient): Promise<VersionList> {
  const list = await client.request<VersionList>('GET', '/_neosl/versions');
  if (typeof list !== 'object' || list === null || !Array.isArray(list.versions)) {
    throw new UserError(`${client.url}/_neosl/versions answered without a versions list: is it a neosl serve host?`, { code: 'NOT_A_NEOSL_HOST' });
  }
  return { project: list.project ?? null, active: list.active ?? null, canary: list.canary ?? null, versions: list.versions };
}

export async function versionsCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as VersionsOptions;
  const functionName = args[0] as string | undefined;
  const { out } = context;
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  const list = await fetchVersionList(hostClient(target));
  const shown = functionName === undefined ? list.versions : versionsChangingFunction(list.versions, functionName);
  if (out.json) return out.data({ project: list.project, active: list.active, canary: list.canary, versions: shown });

  if (list.versions.length === 0) {
    const deploy = options.target === undefined ? 'neosl deploy' : `neosl deploy --target ${options.target}`;
    out.result(`No versions on ${target.url} yet: deploy one with "${deploy}".`);
    return;
  }
  const project = list.project ?? 'the project';
  if (shown.length === 0) {
    const known = [...new Set(list.versions.flatMap((version) => Object.keys(version.functions)))].sort();
    out.result(`No version of ${project} on ${target.url} has a function ${functionName}.`);
    out.info(out.colors.dim(`Functions in its versions: ${known.join(', ') || 'none'}.`));
    return;
  }
  const about = functionName === undefined ? '' : ` that changed ${functionName}`;
  out.info(out.colors.dim(`${project} on ${target.url}: ${shown.length} version${shown.length === 1 ? '' : 's'}${about}, newest first`));
  out.result(formatVersionTable(shown, list, out.colors));
}
