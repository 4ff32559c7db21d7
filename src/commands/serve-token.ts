// `neosl serve token create|list|revoke`: the host's API tokens, in the store of `neosl serve`
// (--store: a folder, default .neosl/host under the current folder, or a postgres:// URL shared by a
// cluster's replicas, which see a change at once). A token is printed once and kept hashed.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UserError } from '../errors.js';
import type { HostStoreApi } from '../serve/store/host-store-api.js';
import { DEFAULT_STORE, folderStore } from '../serve/store/open-store.js';
import { PostgresHostStore } from '../serve/store/postgres/postgres-host-store.js';
import { isPostgresUrl } from '../serve/store/postgres/postgres-url.js';
import { displayPath } from '../util/display-path.js';

export interface TokenOptions {
  store?: string;
}

export { DEFAULT_STORE };

function storeDir(context: CommandContext, options: TokenOptions): string {
  return resolve(context.cwd, options.store ?? DEFAULT_STORE);
}

/** The store for changing tokens: a folder is created when missing; a postgres store is connected (and migrated). */
async function openStore(context: CommandContext, options: TokenOptions): Promise<HostStoreApi> {
  if (isPostgresUrl(options.store)) {
    // Tokens need no secret key and no local folder.
    const store = new PostgresHostStore({ url: options.store, localDir: resolve(context.cwd, '.neosl', 'replica-tokens') });
    try {
      await store.open();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }
  return folderStore(context.cwd, options);
}

/** The store for reading: undefined for a folder that does not exist (listing or revoking creates nothing). */
async function existingStore(context: CommandContext, options: TokenOptions): Promise<HostStoreApi | undefined> {
  if (isPostgresUrl(options.store)) return openStore(context, options);
  return existsSync(storeDir(context, options)) ? openStore(context, options) : undefined;
}

/** Where the store is, as the messages show it (a folder relative to the cwd; a URL without its password). */
function shownStore(context: CommandContext, options: TokenOptions, store: HostStoreApi | undefined): string {
  return store?.shared ? store.description : displayPath(storeDir(context, options), context.cwd);
}

async function closing<T>(store: HostStoreApi | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await store?.close();
  }
}

export async function tokenCreateCommand(context: CommandContext, args: unknown[], options: TokenOptions): Promise<void> {
  const name = args[0] as string;
  const store = await openStore(context, options);
  await closing(store, async () => {
    const token = await store.createToken(name);
    const createdAt = (await store.listTokens()).find((info) => info.name === name)!.createdAt;
    if (context.out.json) return context.out.data({ name, token, createdAt });
    // The token alone on stdout (TOKEN=$(neosl serve token create ci)); the words about it on stderr.
    context.out.result(token);
    context.out.info(
      [
        `Created token "${name}" in ${shownStore(context, options, store)}. It is shown this once: neosl keeps only its hash.`,
        `Use it: printf %s "$TOKEN" | neosl login http://<host>:<port>   (the token on stdin stays out of shell history)`,
        `    or: NEOSL_TOKEN=<token> neosl deploy --target http://<host>:<port>`,
      ].join('\n'),
    );
  });
}

const when = (iso: string | undefined): string => (iso === undefined ? 'never' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

export async function tokenListCommand(context: CommandContext, _args: unknown[], options: TokenOptions): Promise<void> {
  const store = await existingStore(context, options);
  const tokens = await closing(store, async () => (await store?.listTokens()) ?? []);
  if (context.out.json) {
    return context.out.data({ tokens: tokens.map((token) => ({ name: token.name, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt ?? null })) });
  }
  if (tokens.length === 0) {
    context.out.result(`No tokens in ${shownStore(context, options, store)}: create one with "neosl serve token create NAME".`);
    return;
  }
  const rows = [['NAME', 'CREATED', 'LAST USED'], ...tokens.map((token) => [token.name, when(token.createdAt), when(token.lastUsedAt)])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) context.out.result(`${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`);
}

export async function tokenRevokeCommand(context: CommandContext, args: unknown[], options: TokenOptions): Promise<void> {
  const name = args[0] as string;
  const store = await existingStore(context, options);
  if (store === undefined) {
    throw new UserError(`there is no token named "${name}": there is no host store at ${shownStore(context, options, store)}`, {
      code: 'TOKEN_NOT_FOUND',
      hint: 'give the store "neosl serve" uses: --store DIR',
    });
  }
  await closing(store, () => store.revokeToken(name));
  if (context.out.json) return context.out.data({ name, revoked: true });
  context.out.result(`Revoked token "${name}": a request with it now gets 401 (a running "neosl serve" sees it at once${store.shared ? ', on every replica' : ''}).`);
}
