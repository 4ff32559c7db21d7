// What a host does with versions: activate the stored active one at start, take a deploy (check it,
// start its instances, switch every function at once, record it), roll back, run a canary to its
// verdict, and restart the functions that read secrets when one changes. One change at a time: a
// deploy racing another finds the active version moved and is told (DEPLOY_CONFLICT).
import type { EventEmitter } from 'node:events';
import { UserError } from '../errors.js';
import type { Canary, CanaryRequest, DeployAnswer, DeployRequest, Version, VersionFunction } from '../host/api-types.js';
import type { HostEventMap, RequestEvent } from '../host/events.js';
import type { FunctionHost } from '../host/function-host.js';
import { functionUrl } from '../emulator/router.js';
import { CanaryStats, judgeCanary } from './canary-stats.js';
import { canonicalHash } from './store/canonical-json.js';
import type { HostState, HostStoreApi, StoreChange } from './store/host-store-api.js';
import { checkVersion, versionHash } from './store/version-shape.js';
import { ShapeProblem } from './store/store-json.js';
import { versionDefinitions } from './version-files.js';
import { settingsBackends } from './settings-backends.js';
import type { HostBackendOptions } from '../host/host-backends.js';

const SECRETS_PERMISSION = 'secrets:read';

export interface RollbackRequest {
  to?: string;
  function?: string;
  expectedActive?: string | null;
}

/** Each function's URL: its first route on this host. */
function functionUrls(host: FunctionHost, version: Version, status: (name: string) => 'active' | 'canary'): DeployAnswer['functions'] {
  return Object.entries(version.functions).map(([name, fn]) => {
    return { name, url: functionUrl(host.url, { ...fn.config, name }), status: status(name) };
  });
}

/** The request's version, checked as the store checks a version file: nothing malformed reaches the runtime. */
function checkRequest(request: DeployRequest): void {
  const candidate = { id: 'v1', number: 1, project: request.project, ...(request.message !== undefined ? { message: request.message } : {}), createdAt: new Date().toISOString(), createdBy: 'deploy', functions: request.functions, settings: request.settings };
  try {
    checkVersion({ ...candidate, hash: versionHash(candidate) });
  } catch (error) {
    if (error instanceof ShapeProblem) throw new UserError(`the deploy request is not valid: ${error.message}`, { code: 'VERSION_INVALID' });
    throw error;
  }
}

/** Which backends differ: those apply when the host restarts (its runtime holds the connections). */
function backendsChanged(running: HostBackendOptions, wanted: HostBackendOptions): ('cache' | 'databaseUrl' | 'blockchain')[] {
  const changed: ('cache' | 'databaseUrl' | 'blockchain')[] = [];
  if (running.redisUrl !== wanted.redisUrl || running.memoryCacheMaxEntries !== wanted.memoryCacheMaxEntries) changed.push('cache');
  if (running.databaseFile !== wanted.databaseFile) changed.push('databaseUrl');
  if (canonicalHash(running.blockchain) !== canonicalHash(wanted.blockchain)) changed.push('blockchain');
  return changed;
}

const sameFunction = (a: VersionFunction | undefined, b: VersionFunction | undefined): boolean => a !== undefined && b !== undefined && canonicalHash(a) === canonicalHash(b);

export class HostDeployments {
  private queue: Promise<unknown> = Promise.resolve();
  private canaryStats: CanaryStats | undefined;
  private canaryTimer: NodeJS.Timeout | undefined;
  private readonly stopFollowing: () => void;

  constructor(
    private readonly store: HostStoreApi,
    private readonly host: FunctionHost,
    /** The secrets functions read, owned by the host's runtime: refreshed in place. */
    private readonly secrets: Record<string, string>,
    events: EventEmitter<HostEventMap>,
    /** The host's environment, for the `${env.NAME}` of a version's backend URLs. */
    private readonly env: NodeJS.ProcessEnv,
  ) {
    const onRequest = (event: RequestEvent) => this.canaryStats?.record(event);
    events.on('request', onRequest);
    this.stopFollowing = () => events.off('request', onRequest);
  }

  /** One change at a time, in order of arrival. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** At start: the active version serves at once; a canary cut short by a restart is ended (the stable version keeps serving). */
  async start(): Promise<Version | undefined> {
    await this.refreshSecrets();
    const state = await this.store.readState();
    if (this.store.shared) {
      // A replica joining a cluster serves what the cluster serves, a running canary included.
      await this.followStore(state, 'start');
      return state.active === null ? undefined : this.store.getVersion(state.active);
    }
    if (state.canary?.state === 'running') {
      await this.store.writeState({ ...state, canary: { ...state.canary, state: 'rolled-back', reason: 'the host restarted during the canary: the stable version serves' } });
    }
    if (state.active === null) return undefined;
    const version = await this.store.getVersion(state.active);
    await this.host.activate(await versionDefinitions(this.store, version), 'start', version.id);
    await this.host.setDeployment({ active: version.id });
    return version;
  }

  /** The id the next recorded version gets (deploys are serialized, so it is this one's). */
  private async nextVersionId(): Promise<string> {
    return `v${((await this.store.listVersions())[0]?.number ?? 0) + 1}`;
  }

  /**
   * A shared store changed (another replica deployed, rolled back, ran a canary or set a secret), or
   * its listener reconnected and may have missed some: read the state again and serve what it says,
   * through the same prepare-then-switch path as a local activation.
   */
  syncFromStore(change: StoreChange): Promise<void> {
    return this.serial(async () => {
      if (change === 'secrets' || change === 'resync') {
        const before = canonicalHash(this.secrets);
        await this.refreshSecrets();
        if (canonicalHash(this.secrets) !== before) await this.restartSecretReaders();
      }
      if (change === 'state' || change === 'resync') await this.followStore(await this.store.readState(), 'deployed on another replica');
    });
  }

  /** Makes this host serve the stored state: its active version, and its canary when one runs. */
  private async followStore(state: HostState, cause: string): Promise<void> {
    const current = this.host.deployment;
    const activeChanged = state.active !== null && current.active !== state.active;
    if (activeChanged) {
      const version = await this.store.getVersion(state.active!);
      if (current.active === undefined) {
        // The first version this host serves names its backends (nothing runs on the old ones yet).
        const wanted = settingsBackends(version.settings, this.store.dataDir, this.env);
        if (backendsChanged(this.host.backendOptions, wanted.options).length > 0) await this.host.replaceBackends(wanted.options);
      }
      await this.host.activate(await versionDefinitions(this.store, version), cause, version.id);
    }
    const canary = state.canary?.state === 'running' ? state.canary : undefined;
    if (canary === undefined) {
      this.canaryStats = undefined;
      if (this.canaryTimer) clearTimeout(this.canaryTimer);
    }
    if (canary !== undefined && state.active !== null && (activeChanged || current.canary?.version !== canary.version || current.canary.percent !== canary.percent)) {
      const version = await this.store.getVersion(canary.version);
      await this.host.setDeployment({ active: state.active, canary: { version: canary.version, percent: canary.percent, functions: await versionDefinitions(this.store, version) } });
    } else if (canary === undefined && (activeChanged || current.canary !== undefined)) {
      await this.host.setDeployment(state.active === null ? {} : { active: state.active });
    }
  }

  /**
   * Records a change this host already made (new instances switched in); when the store refuses or
   * cannot be reached, this host goes back to `previous` so that it serves what the store says.
   */
  private async recordOrRevert<T>(previous: Version | undefined, record: () => Promise<T>): Promise<T> {
    try {
      return await record();
    } catch (failure) {
      try {
        if (previous === undefined) {
          await this.host.activate(new Map(), 'the store did not record the deploy');
          await this.host.setDeployment({});
        } else {
          await this.host.activate(await versionDefinitions(this.store, previous), 'the store did not record the change', previous.id);
          await this.host.setDeployment({ active: previous.id });
        }
      } catch (revertFailure) {
        this.host.error(`could not go back to ${previous?.id ?? 'nothing'} after the store failed: ${(revertFailure as Error).message}`, { code: 'REVERT_FAILED' });
      }
      throw failure;
    }
  }

  stop(): void {
    if (this.canaryTimer) clearTimeout(this.canaryTimer);
    this.stopFollowing();
  }

  async refreshSecrets(): Promise<void> {
    const values = await this.store.secretValues();
    for (const key of Object.keys(this.secrets)) delete this.secrets[key];
    Object.assign(this.secrets, values);
  }

  deploy(request: DeployRequest, createdBy: string): Promise<DeployAnswer> {
    return this.serial(async () => {
      checkRequest(request);
      const state = await this.store.readState();
      if (state.project !== null && state.project !== request.project) {
        throw new UserError(`this host serves the project "${state.project}", not "${request.project}"`, {
          code: 'PROJECT_MISMATCH',
          hint: 'deploy it to a host of its own (neosl serve --store <another folder> --port <another port>)',
        });
      }
      if (state.active !== request.expectedActive) {
        throw new UserError(`another deploy or rollback made ${state.active ?? 'nothing'} active while this deploy was preparing (it expected ${request.expectedActive ?? 'none'})`, {
          code: 'DEPLOY_CONFLICT',
          hint: 'run neosl deploy again: it shows the new diff',
        });
      }
      if (state.canary?.state === 'running') {
        // Deploying the canary's own code and config is promoting it.
        const canaryVersion = await this.store.getVersion(state.canary.version);
        if (request.canary === undefined && versionHash(request) === canaryVersion.hash) {
          const ended = await this.finishCanary('promote', `promoted by a deploy of its code (${createdBy})`);
          return { version: ended.version, hash: canaryVersion.hash, previous: state.canary.stable, functions: functionUrls(this.host, canaryVersion, () => 'active'), canary: ended.canary };
        }
        throw new UserError(`canary ${state.canary.version} is still running on ${state.canary.percent}% of the traffic`, {
          code: 'CANARY_ACTIVE',
          hint: 'wait for its verdict; deploy the same code without --canary to promote it now, or run neosl rollback to end it',
        });
      }
      const functions = Object.entries(request.functions ?? {});
      const missing = await this.store.missingBlobs(functions.flatMap(([, fn]) => [fn.sha256, ...(fn.mapSha256 ? [fn.mapSha256] : [])]));
      if (missing.length > 0) {
        throw new UserError(`${missing.length} bundle file${missing.length === 1 ? ' is' : 's are'} not on the host: upload ${missing.length === 1 ? 'it' : 'them'} first (PUT /_neosl/bundles/<sha256>)`, { code: 'BUNDLE_MISSING', details: { missing } });
      }
      const secretNames = new Set((await this.store.listSecrets()).map((secret) => secret.name));
      const missingSecrets = functions.flatMap(([name, fn]) => (fn.config.secrets ?? []).filter((secret) => !secretNames.has(secret)).map((secret) => ({ function: name, secret })));
      if (missingSecrets.length > 0) {
        throw new UserError(`secrets the functions declare are not set on this host: ${missingSecrets.map((entry) => `${entry.secret} (${entry.function})`).join(', ')}`, {
          code: 'SECRETS_MISSING',
          hint: `set each with: neosl secrets set ${missingSecrets[0]!.secret}`,
          details: { missing: missingSecrets },
        });
      }
      const active = state.active !== null ? await this.store.getVersion(state.active) : undefined;
      // The backends this version names, from this host's environment (a variable it lacks is refused now, not at the next restart).
      const wanted = settingsBackends(request.settings, this.store.dataDir, this.env);
      const restartNeeded = backendsChanged(this.host.backendOptions, wanted.options);
      if (request.canary !== undefined) return { ...(await this.startCanary(request, request.canary, createdBy, active)), ...(restartNeeded.length > 0 ? { restartNeeded } : {}) };
      if (active === undefined && restartNeeded.length > 0) {
        // The first version names the backends: nothing runs yet, so they open now.
        await this.host.replaceBackends(wanted.options);
        this.host.error(`${request.project} names its backends: ${wanted.lines.join('; ')}`, { code: 'BACKENDS', warning: true });
      }

      // The version is recorded once it started: a version that never served is not in the history.
      const candidate: Version = { id: 'candidate', number: 0, hash: '', project: request.project, createdAt: '', createdBy, functions: request.functions, settings: request.settings };
      await this.host.activate(await versionDefinitions(this.store, candidate), 'deploy', await this.nextVersionId());
      const version = await this.recordOrRevert(active, () =>
        this.store.createAndActivate({ project: request.project, ...(request.message ? { message: request.message } : {}), createdBy, functions: request.functions, settings: request.settings }, state.active),
      );
      await this.host.setDeployment({ active: version.id });
      const pending = active === undefined ? [] : restartNeeded;
      return { version: version.id, hash: version.hash, previous: state.active, functions: functionUrls(this.host, version, () => 'active'), ...(pending.length > 0 ? { restartNeeded: pending } : {}) };
    });
  }

  private async startCanary(request: DeployRequest, canary: CanaryRequest, createdBy: string, active: Version | undefined): Promise<DeployAnswer> {
    if (active === undefined) throw new UserError('a canary needs a version already active to split the traffic with: deploy once without --canary', { code: 'NO_STABLE_VERSION' });
    const names = Object.keys(request.functions);
    const activeNames = Object.keys(active.functions);
    if (names.length !== activeNames.length || names.some((name) => active.functions[name] === undefined)) {
      throw new UserError('a canary cannot add or remove functions (the routes belong to the stable version): deploy without --canary', { code: 'CANARY_FUNCTIONS_CHANGED' });
    }
    const changed = names.filter((name) => !sameFunction(request.functions[name], active.functions[name]));
    if (changed.length === 0) throw new UserError('the canary would run the same code and config as the active version', { code: 'NO_CHANGES' });
    const version = await this.store.createVersion({ project: request.project, ...(request.message ? { message: request.message } : {}), createdBy, functions: request.functions, settings: request.settings });
    const definitions = await versionDefinitions(this.store, version);
    await this.host.setDeployment({ active: active.id, canary: { version: version.id, percent: canary.percent, functions: definitions } });
    this.canaryStats = new CanaryStats({ stable: active.id, canary: version.id }, new Set(changed));
    const startedAt = new Date();
    const record: Canary = {
      version: version.id,
      stable: active.id,
      percent: canary.percent,
      startedAt: startedAt.toISOString(),
      ...(canary.watchMs !== undefined ? { endsAt: new Date(startedAt.getTime() + canary.watchMs).toISOString() } : {}),
      ...(canary.maxErrorRate !== undefined ? { maxErrorRate: canary.maxErrorRate } : {}),
      ...(canary.maxP99RegressionPct !== undefined ? { maxP99RegressionPct: canary.maxP99RegressionPct } : {}),
      state: 'running',
      stats: this.canaryStats.summary(),
    };
    await this.recordOrRevert(active, async () => this.store.writeState({ ...(await this.store.readState()), canary: record }));
    if (canary.watchMs !== undefined) {
      this.canaryTimer = setTimeout(() => void this.decideCanary().catch((failure: unknown) => this.host.error(`canary ${version.id}: ${(failure as Error).message}`, { code: 'CANARY' })), canary.watchMs);
      this.canaryTimer.unref();
    }
    return {
      version: version.id,
      hash: version.hash,
      previous: active.id,
      functions: functionUrls(this.host, version, (name) => (changed.includes(name) ? 'canary' : 'active')),
      canary: record,
    };
  }

  /** The canary with its current figures (null when none ran since the host started a store). */
  async canary(): Promise<Canary | null> {
    const { canary } = await this.store.readState();
    if (canary?.state === 'running' && this.canaryStats) return { ...canary, stats: this.canaryStats.summary() };
    return canary;
  }

  private async decideCanary(): Promise<void> {
    const canary = await this.canary();
    if (canary?.state !== 'running') return;
    const verdict = judgeCanary(canary.stats, canary);
    await this.endCanary(verdict.promote ? 'promote' : 'abort', verdict.reason);
  }

  /** Promotes the canary to active (all its functions switch at once) or takes it out; the stable version keeps the rest. */
  endCanary(action: 'promote' | 'abort', reason: string): Promise<{ version: string; canary: Canary }> {
    return this.serial(() => this.finishCanary(action, reason));
  }

  private async finishCanary(action: 'promote' | 'abort', reason: string): Promise<{ version: string; canary: Canary }> {
    {
      const canary = await this.canary();
      if (canary?.state !== 'running') throw new UserError('no canary is running', { code: 'NO_CANARY' });
      if (this.canaryTimer) clearTimeout(this.canaryTimer);
      const final: Canary = { ...canary, state: action === 'promote' ? 'promoted' : 'rolled-back', reason };
      this.canaryStats = undefined;
      if (action === 'promote') {
        const version = await this.store.getVersion(canary.version);
        const stable = await this.store.getVersion(canary.stable);
        await this.host.activate(await versionDefinitions(this.store, version), 'canary promoted', version.id);
        await this.recordOrRevert(stable, async () => {
          await this.store.compareAndSetActive(canary.stable, version.id);
          await this.store.writeState({ ...(await this.store.readState()), canary: final });
        });
        await this.host.setDeployment({ active: version.id });
      } else {
        await this.store.writeState({ ...(await this.store.readState()), canary: final });
        await this.host.setDeployment({ active: canary.stable });
      }
      this.host.error(`canary ${canary.version} ${action === 'promote' ? 'promoted' : 'rolled back'}: ${reason}`, { code: action === 'promote' ? 'CANARY_PROMOTED' : 'CANARY_ROLLED_BACK', ...(action === 'promote' ? { warning: true } : {}) });
      return { version: action === 'promote' ? canary.version : canary.stable, canary: final };
    }
  }

  rollback(request: RollbackRequest, createdBy: string): Promise<{ version: string; previous: string }> {
    return this.serial(async () => {
      const state = await this.store.readState();
      if (state.active === null) throw new UserError('nothing is deployed on this host yet', { code: 'NOTHING_TO_ROLL_BACK' });
      if (request.expectedActive !== undefined && request.expectedActive !== state.active) {
        throw new UserError(`the active version is ${state.active}, not ${request.expectedActive}: another deploy or rollback changed it meanwhile`, { code: 'DEPLOY_CONFLICT', hint: 'look at "neosl versions", then roll back again' });
      }
      if (state.canary?.state === 'running') {
        // Rolling back during a canary ends it: the stable version takes all the traffic again.
        if (request.to !== undefined || request.function !== undefined) {
          throw new UserError(`canary ${state.canary.version} is running: run neosl rollback without --to or a function to end it first`, { code: 'CANARY_ACTIVE' });
        }
        const ended = await this.finishCanary('abort', `rolled back by ${createdBy}`);
        return { version: ended.version, previous: state.canary.version };
      }
      const active = await this.store.getVersion(state.active);
      const target = request.to !== undefined ? await this.store.getVersion(request.to) : (await this.store.listVersions()).find((version) => version.number < active.number);
      if (target === undefined) throw new UserError(`${active.id} is the first version: there is none before it`, { code: 'NOTHING_TO_ROLL_BACK' });
      if (request.function === undefined) {
        if (target.id === active.id) throw new UserError(`${target.id} is already active`, { code: 'NOTHING_TO_ROLL_BACK' });
        await this.host.activate(await versionDefinitions(this.store, target), 'rollback', target.id);
        await this.recordOrRevert(active, () => this.store.compareAndSetActive(active.id, target.id));
        await this.host.setDeployment({ active: target.id });
        return { version: target.id, previous: active.id };
      }
      // One function back: a new version, the active one with that function's code and config from the target.
      const name = request.function;
      const earlier = target.functions[name];
      if (earlier === undefined) throw new UserError(`${target.id} has no function "${name}"`, { code: 'VERSION_NOT_FOUND' });
      if (sameFunction(earlier, active.functions[name])) throw new UserError(`${name} is the same in ${target.id} and the active ${active.id}`, { code: 'NOTHING_TO_ROLL_BACK' });
      const functions = { ...active.functions, [name]: earlier };
      const candidate: Version = { ...active, functions };
      await this.host.activate(await versionDefinitions(this.store, candidate), `rollback of ${name} to ${target.id}`, await this.nextVersionId());
      const version = await this.recordOrRevert(active, () =>
        this.store.createAndActivate({ project: active.project, message: `rollback of ${name} to ${target.id}`, createdBy, functions, settings: active.settings }, active.id),
      );
      await this.host.setDeployment({ active: version.id });
      return { version: version.id, previous: active.id };
    });
  }

  /** After a secret changed: the functions that may read secrets restart, so that the next request reads the new value. */
  secretsChanged(): Promise<void> {
    return this.serial(async () => {
      await this.refreshSecrets();
      await this.restartSecretReaders();
    });
  }

  private async restartSecretReaders(): Promise<void> {
    const readers = [...this.host.functions].filter(([, fn]) => fn.config.permissions.includes(SECRETS_PERMISSION as never)).map(([name]) => name);
    await this.host.restart(readers, 'secrets changed');
  }
}
