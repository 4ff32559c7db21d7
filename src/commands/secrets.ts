// `neosl secrets set|list|rm`: a host's secrets, which deployed functions read with
// context.secrets.get. Values go in from stdin (or --value) and are never printed back.
import type { CommandContext } from '../command-context.js';
import { secretNameProblem } from '../config/schema.js';
import { isUserError, UserError } from '../errors.js';
import { hostClient } from '../deploy/host-client.js';
import { promptHidden, readAllStdin, stdinIsTerminal } from '../deploy/secret-input.js';
import { requireToken, resolveTarget } from '../deploy/target.js';

interface SecretSummary {
  name: string;
  updatedAt: string;
}

/** PUT /_neosl/secrets/<NAME>. */
interface SecretSetAnswer extends SecretSummary {
  created: boolean;
}

interface TargetFlag {
  target?: string;
}

/** The name as given, checked here first: a bad one never reaches the host. */
function secretName(given: unknown): string {
  const name = String(given ?? '');
  const problem = secretNameProblem(name);
  if (problem !== undefined) throw new UserError(problem, { code: 'INVALID_SECRET_NAME', hint: 'secret names are identifiers, e.g. API_KEY or db_password' });
  return name;
}

async function readValue(name: string, given: string | undefined): Promise<string> {
  let value: string;
  if (given !== undefined) value = given;
  else if (stdinIsTerminal()) value = await promptHidden(`Value of ${name} (not shown; press Ctrl-D when done): `, 'ctrl-d');
  else value = await readAllStdin();
  if (given === undefined) value = value.replace(/\r?\n$/, '');
  if (value === '') {
    throw new UserError(`the value of ${name} is empty: nothing was set`, {
      code: 'EMPTY_SECRET_VALUE',
      hint: `pipe the value in: printf %s "$${name}" | neosl secrets set ${name} (or --value); "neosl secrets rm ${name}" removes a secret`,
    });
  }
  return value;
}

const secretPath = (name: string) => `/_neosl/secrets/${encodeURIComponent(name)}`;

export async function secretsSetCommand(context: CommandContext, args: unknown[], options: TargetFlag & { value?: string }): Promise<void> {
  const name = secretName(args[0]);
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  const value = await readValue(name, options.value);
  const answer = await hostClient(target).request<SecretSetAnswer>('PUT', secretPath(name), { value });

  if (context.out.json) context.out.data({ name: answer.name, created: answer.created, updatedAt: answer.updatedAt });
  context.out.result(`Secret ${name} set on ${target.url} (${answer.created ? 'created' : 'updated'})`);
  context.out.info(`  Functions read it with context.secrets.get('${name}') and need "permissions: [secrets:read]" (and "secrets: [${name}]") in neosl.yaml.`);
  context.out.info("  The host restarts the active version's instances: the next ones it starts see the new value.");
}

export async function secretsListCommand(context: CommandContext, _args: unknown[], options: TargetFlag): Promise<void> {
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  const answer = await hostClient(target).request<{ secrets?: SecretSummary[] }>('GET', '/_neosl/secrets');
  const secrets = (answer.secrets ?? []).map(({ name, updatedAt }) => ({ name, updatedAt }));

  if (context.out.json) return context.out.data({ secrets });
  if (secrets.length === 0) {
    context.out.result(`No secrets on ${target.url}`);
    context.out.info('  Set one with: printf %s "$API_KEY" | neosl secrets set API_KEY');
    return;
  }
  const width = Math.max(...secrets.map((secret) => secret.name.length));
  context.out.info(`Secrets on ${target.url} (values are never shown):`);
  for (const secret of secrets) context.out.result(`  ${secret.name.padEnd(width)}  set ${secret.updatedAt}`);
}

export async function secretsRemoveCommand(context: CommandContext, args: unknown[], options: TargetFlag): Promise<void> {
  const name = secretName(args[0]);
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  try {
    await hostClient(target).request('DELETE', secretPath(name));
  } catch (error) {
    if (isUserError(error) && error.code === 'SECRET_NOT_FOUND') {
      throw new UserError(error.message, { code: error.code, hint: '"neosl secrets list" shows the names the host has' });
    }
    throw error;
  }

  if (context.out.json) context.out.data({ name, removed: true });
  context.out.result(`Secret ${name} removed from ${target.url}`);
  context.out.info(`  A deploy of a function that declares it (secrets: [${name}]) fails until it is set again.`);
}
