// `neosl login <url>`, `neosl logout [url]`, `neosl whoami`: remember a host and its token (checked
// by the host before it is saved), forget it, and show which host and token the host commands use.
import type { CommandContext } from '../command-context.js';
import { isUserError, UserError } from '../errors.js';
import { forgetHostCredentials, readCredentials, saveHostCredentials, type CredentialsOptions } from '../deploy/credentials.js';
import { hostClient, type HostClient } from '../deploy/host-client.js';
import { promptHidden, readAllStdin, stdinIsTerminal } from '../deploy/secret-input.js';
import { describeTokenSource, normalizeHostUrl, requireToken, resolveTarget } from '../deploy/target.js';

/** GET /_neosl/whoami. */
export interface WhoamiAnswer {
  /** The token's name (never the token). */
  token: string;
  project: string | null;
  active: string | null;
  neosl: string;
}

const CREATE_TOKEN = 'create one on the host with "neosl serve token create NAME"';

function credentialsOptions(context: CommandContext): CredentialsOptions {
  return { env: context.env, warn: (text) => context.out.info(text) };
}

/** What the host says about the token; NOT_A_NEOSL_HOST when the answer is not a whoami. */
export async function fetchWhoami(client: HostClient): Promise<WhoamiAnswer> {
  const answer = await client.request<Partial<WhoamiAnswer> | undefined>('GET', '/_neosl/whoami');
  if (answer === undefined || typeof answer.token !== 'string') {
    throw new UserError(`${client.url} is not a neosl host: GET /_neosl/whoami did not say which token it is`, { code: 'NOT_A_NEOSL_HOST' });
  }
  return { token: answer.token, project: answer.project ?? null, active: answer.active ?? null, neosl: String(answer.neosl ?? '') };
}

function describeProject(whoami: WhoamiAnswer): string {
  if (whoami.project === null) return 'nothing deployed yet';
  return whoami.active === null ? `${whoami.project}, no active version` : `${whoami.project}, active version ${whoami.active}`;
}

async function readToken(url: string, given: string | undefined): Promise<string> {
  let token: string;
  if (given !== undefined) token = given;
  else if (stdinIsTerminal()) token = await promptHidden(`Token for ${url} (not shown): `, 'enter');
  else token = await readAllStdin();
  token = token.trim();
  if (token === '') {
    throw new UserError('no token given', {
      code: 'NO_TOKEN',
      hint: `pipe it in: printf %s "$TOKEN" | neosl login ${url} (or --token); ${CREATE_TOKEN}`,
    });
  }
  return token;
}

export async function loginCommand(context: CommandContext, args: unknown[], options: { token?: string }): Promise<void> {
  const url = normalizeHostUrl(String(args[0] ?? ''), 'the host URL');
  const token = await readToken(url, options.token);
  let whoami: WhoamiAnswer;
  try {
    whoami = await fetchWhoami(hostClient({ url, token }));
  } catch (error) {
    if (isUserError(error) && error.code === 'UNAUTHORIZED') {
      throw new UserError(`the host at ${url} refused this token (wrong, or revoked): nothing was saved`, { code: 'UNAUTHORIZED', hint: CREATE_TOKEN });
    }
    throw error;
  }
  saveHostCredentials(credentialsOptions(context), url, token);

  if (context.out.json) context.out.data({ url, token: whoami.token, project: whoami.project, active: whoami.active });
  context.out.result(`Logged in to ${url} as ${whoami.token}`);
  context.out.info(`  ${describeProject(whoami)}; the host commands (deploy, versions, logs, secrets…) now use this host`);
  if (context.env.NEOSL_TOKEN?.trim()) context.out.info('  note: NEOSL_TOKEN is set in this shell, and overrides the saved token');
}

export async function logoutCommand(context: CommandContext, args: unknown[]): Promise<void> {
  const store = credentialsOptions(context);
  const given = args[0] === undefined ? undefined : String(args[0]);
  const url = given !== undefined ? normalizeHostUrl(given, 'the host URL') : readCredentials(store).current;
  const forgotten = url !== undefined && forgetHostCredentials(store, url);

  if (context.out.json) context.out.data({ url: url ?? null, forgotten });
  if (!forgotten) {
    context.out.result(url === undefined ? 'Not logged in to any host: nothing to forget' : `Not logged in to ${url}: nothing to forget`);
    return;
  }
  context.out.result(`Logged out of ${url}: its token is forgotten on this machine`);
  context.out.info('  The token itself still works until it is revoked on the host ("neosl serve token revoke NAME").');
}

export async function whoamiCommand(context: CommandContext, _args: unknown[], options: { target?: string }): Promise<void> {
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  const whoami = await fetchWhoami(hostClient(target));

  if (context.out.json) {
    context.out.data({ url: target.url, tokenSource: target.tokenSource, token: whoami.token, project: whoami.project, active: whoami.active, neosl: whoami.neosl });
    return;
  }
  const { out } = context;
  out.result(`Host     ${target.url}${target.name !== undefined ? ` (target "${target.name}")` : ''}`);
  out.result(`Token    ${whoami.token} (from ${describeTokenSource(target)})`);
  out.result(`Project  ${describeProject(whoami)}`);
  if (whoami.neosl !== '') out.result(`neosl    ${whoami.neosl} on the host`);
}
