// `neosl serve token create|list|revoke`: the host's API tokens, in the store of `neosl serve`
// (--store, default .neosl/host under the current folder). A token is printed once and kept hashed.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UserError } from '../errors.js';
import { HostStore, openHostStore } from '../serve/store/host-store.js';
import { displayPath } from '../util/display-path.js';

export interface TokenOptions {
  store?: string;
}

export const DEFAULT_STORE = '.neosl/host';

function storeDir(context: CommandContext, options: TokenOptions): string {
  return resolve(context.cwd, options.store ?? DEFAULT_STORE);
}

/** The store for reading: undefined when there is none yet (listing or revoking creates nothing). */
function existingStore(dir: string): HostStore | undefined {
  return existsSync(dir) ? openHostStore(dir) : undefined;
}

export async function tokenCreateCommand(context: CommandContext, args: unknown[], options: TokenOptions): Promise<void> {
  const name = args[0] as string;
  const store = openHostStore(storeDir(context, options));
  const token = store.createToken(name);
  const createdAt = store.listTokens().find((info) => info.name === name)!.createdAt;
  if (context.out.json) return context.out.data({ name, token, createdAt });
  // The token alone on stdout (TOKEN=$(neosl serve token create ci)); the words about it on stderr.
  context.out.result(token);
  context.out.info(
    [
      `Created token "${name}" in ${displayPath(store.dir, context.cwd)}. It is shown this once: neosl keeps only its hash.`,
      `Use it: printf %s "$TOKEN" | neosl login http://<host>:<port>   (the token on stdin stays out of shell history)`,
      `    or: NEOSL_TOKEN=<token> neosl deploy --target http://<host>:<port>`,
    ].join('\n'),
  );
}

const when = (iso: string | undefined): string => (iso === undefined ? 'never' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

export async function tokenListCommand(context: CommandContext, _args: unknown[], options: TokenOptions): Promise<void> {
  const dir = storeDir(context, options);
  const tokens = existingStore(dir)?.listTokens() ?? [];
  if (context.out.json) {
    return context.out.data({ tokens: tokens.map((token) => ({ name: token.name, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt ?? null })) });
  }
  if (tokens.length === 0) {
    context.out.result(`No tokens in ${displayPath(dir, context.cwd)}: create one with "neosl serve token create NAME".`);
    return;
  }
  const rows = [['NAME', 'CREATED', 'LAST USED'], ...tokens.map((token) => [token.name, when(token.createdAt), when(token.lastUsedAt)])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) context.out.result(`${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`);
}

export async function tokenRevokeCommand(context: CommandContext, args: unknown[], options: TokenOptions): Promise<void> {
  const name = args[0] as string;
  const dir = storeDir(context, options);
  const store = existingStore(dir);
  if (store === undefined) {
    throw new UserError(`there is no token named "${name}": there is no host store at ${displayPath(dir, context.cwd)}`, {
      code: 'TOKEN_NOT_FOUND',
      hint: 'give the store "neosl serve" uses: --store DIR',
    });
  }
  store.revokeToken(name);
  if (context.out.json) return context.out.data({ name, revoked: true });
  context.out.result(`Revoked token "${name}": a request with it now gets 401 (a running "neosl serve" sees it at once).`);
}
