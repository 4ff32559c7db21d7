// The host API (docs/host-api.md) as /_neosl/* routes of the admin table: whoami, versions, bundles,
// deployments, rollback, canary, secrets and logs. Every one needs a token (the table's auth check
// runs first); a store's user errors become their HTTP status, anything else a 500 that says nothing
// of the host's insides.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUserError, UserError } from '../errors.js';
import type { DeployRequest } from '../host/api-types.js';
import type { AdminRequest, AdminRoute } from '../emulator/admin-routes.js';
import { readBodyBytes, readJsonObject } from '../emulator/read-body.js';
import { sendError, sendJson } from '../emulator/respond.js';
import { packageVersion } from '../package-info.js';
import type { HostDeployments, RollbackRequest } from './deployments.js';
import type { RecentEvents } from './recent-events.js';
import { STORE_UNAVAILABLE, type HostStoreApi } from './store/host-store-api.js';
import { summarizeVersion } from './store/version-store.js';

export interface HostApiOptions {
  store: HostStoreApi;
  deployments: HostDeployments;
  recent: RecentEvents;
  /** The name of the token a request came with (set by the host's auth check). */
  tokenName(req: IncomingMessage): string;
  /** --from-dir: versions and secrets are read-only. */
  readOnly?: string;
}

const JSON_LIMIT = 8 * 1024 * 1024;
const BUNDLE_LIMIT = 64 * 1024 * 1024;

const STATUS_OF: Record<string, number> = {
  VERSION_NOT_FOUND: 404,
  SECRET_NOT_FOUND: 404,
  DEPLOY_CONFLICT: 409,
  PROJECT_MISMATCH: 409,
  CANARY_ACTIVE: 409,
  NO_CANARY: 409,
  NOTHING_TO_ROLL_BACK: 409,
  READ_ONLY: 409,
  START_FAILED: 422,
  HOST_ENV_MISSING: 422,
  STORE_CORRUPT: 500,
  [STORE_UNAVAILABLE]: 503,
  SECRET_KEY_MISSING: 503,
};

/** A failure as its answer: a user error with its code and status, anything else a bare 500. */
function answerFailure(res: ServerResponse, requestId: string, failure: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isUserError(failure)) {
    const details = failure.details ?? (failure.hint ? { hint: failure.hint } : undefined);
    sendError(res, { status: STATUS_OF[failure.code] ?? 400, code: failure.code, message: failure.message, ...(details !== undefined ? { details } : {}) }, requestId);
    return;
  }
  sendError(res, { status: 500, code: 'HOST_ERROR', message: 'the host failed to answer this request; its log says why' }, requestId);
}

/** The body as a JSON object, or a user error saying why it is not one. */
async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJsonObject(req, JSON_LIMIT);
  if (!body.ok) throw new UserError(body.message, { code: body.code });
  return body.value;
}

export function hostApiRoutes(options: HostApiOptions): AdminRoute[] {
  const { store, deployments, recent } = options;
  /** A route whose answer is JSON (status 200 unless it says), failures mapped. */
  const json =
    (answer: (request: AdminRequest) => unknown, status = 200) =>
    async (request: AdminRequest): Promise<void> => {
      try {
        sendJson(request.res, status, await answer(request));
      } catch (failure) {
        if (!isUserError(failure)) console.error(`neosl serve: ${request.req.method} ${request.path}: ${(failure as Error)?.stack ?? String(failure)}`);
        answerFailure(request.res, request.requestId, failure);
      }
    };
  const writable = () => {
    if (options.readOnly === undefined) return;
    throw new UserError(`this host serves ${options.readOnly} read-only (--from-dir): it takes no deploys, rollbacks or secrets`, { code: 'READ_ONLY' });
  };

  return [
    {
      method: 'GET',
      path: '/_neosl/whoami',
      handle: json(async ({ req }) => {
        const state = await store.readState();
        return { token: options.tokenName(req), project: state.project, active: state.active, neosl: packageVersion() };
      }),
    },
    {
      method: 'GET',
      path: '/_neosl/versions',
      handle: json(async () => {
        const state = await store.readState();
        return { project: state.project, active: state.active, canary: await deployments.canary(), versions: (await store.listVersions()).map(summarizeVersion) };
      }),
    },
    { method: 'GET', path: '/_neosl/versions/:id', handle: json(({ params }) => store.getVersion(params.id!)) },
    {
      method: 'POST',
      path: '/_neosl/bundles/missing',
      handle: json(async ({ req }) => {
        const body = await jsonBody(req);
        const shas = Array.isArray(body.sha256) ? body.sha256.filter((sha): sha is string => typeof sha === 'string') : [];
        return { missing: await store.missingBlobs(shas) };
      }),
    },
    {
      method: 'PUT',
      path: '/_neosl/bundles/:sha256',
      handle: json(async ({ req, params }) => {
        writable();
        const bytes = await readBodyBytes(req, BUNDLE_LIMIT);
        if (bytes === 'too-large') throw new UserError(`a bundle may be up to ${BUNDLE_LIMIT / 1024 / 1024} MB`, { code: 'BODY_TOO_LARGE' });
        // A cut upload stores nothing: the next deploy uploads it again.
        if (bytes === 'aborted') throw new UserError('the upload did not arrive whole', { code: 'BODY_INCOMPLETE' });
        const stored = await store.putBlob(params.sha256!, bytes);
        return { sha256: stored.sha256, bytes: stored.bytes };
      }, 201),
    },
    {
      method: 'POST',
      path: '/_neosl/deployments',
      handle: json(async ({ req }) => {
        writable();
        const body = (await jsonBody(req)) as unknown as DeployRequest;
        return deployments.deploy(body, options.tokenName(req));
      }, 201),
    },
    {
      method: 'POST',
      path: '/_neosl/rollback',
      handle: json(async ({ req }) => {
        writable();
        const body = (await jsonBody(req)) as RollbackRequest;
        return deployments.rollback(body, options.tokenName(req));
      }),
    },
    { method: 'GET', path: '/_neosl/canary', handle: json(async () => ({ canary: await deployments.canary() })) },
    { method: 'POST', path: '/_neosl/canary/promote', handle: json(({ req }) => deployments.endCanary('promote', `promoted by ${options.tokenName(req)}`)) },
    { method: 'POST', path: '/_neosl/canary/abort', handle: json(({ req }) => deployments.endCanary('abort', `aborted by ${options.tokenName(req)}`)) },
    { method: 'GET', path: '/_neosl/secrets', handle: json(async () => ({ secrets: await store.listSecrets() })) },
    {
      method: 'PUT',
      path: '/_neosl/secrets/:name',
      handle: json(async ({ req, params }) => {
        writable();
        const body = await jsonBody(req);
        if (typeof body.value !== 'string' || body.value === '') throw new UserError('the body must be {"value": "<a non-empty string>"}', { code: 'INVALID_REQUEST' });
        const saved = await store.setSecret(params.name!, body.value);
        await deployments.secretsChanged();
        return saved;
      }),
    },
    {
      method: 'DELETE',
      path: '/_neosl/secrets/:name',
      handle: json(async ({ params }) => {
        writable();
        const removed = await store.removeSecret(params.name!);
        await deployments.secretsChanged();
        return removed;
      }),
    },
    {
      method: 'GET',
      path: '/_neosl/logs',
      handle: json(({ search }) => {
        const query = new URLSearchParams(search);
        const since = Number(query.get('since') ?? '');
        const limit = Number(query.get('limit') ?? '');
        const status = query.get('status');
        const functionName = query.get('function');
        return {
          events: recent.query({
            ...(Number.isFinite(since) && query.get('since') !== null ? { since } : {}),
            ...(functionName ? { functionName } : {}),
            ...(status === 'error' || status === 'ok' ? { status } : {}),
            ...(Number.isInteger(limit) && limit > 0 ? { limit } : {}),
          }),
        };
      }),
    },
  ];
}
