// Every Kubernetes resource of a project on Knative, from the loaded neosl.yaml (and its raw
// environment): a Service per function, its ConfigMap, a PingSource per schedule, the dispatcher
// when a function has a blockchain trigger. Pure: nothing is written here.
import type { LoadedConfig } from '../config/types.js';
import { envReferences } from '../config/expand.js';
import type { ProjectSettings } from '../host/api-types.js';
import { dispatcherDeployment, functionUrls, hasChainTrigger } from './dispatcher.js';
import { podEnvironment, secretReferences } from './env.js';
import { commonLabels, FUNCTION_ANNOTATION } from './labels.js';
import { projectDnsName, serviceNames } from './names.js';
import type { NoticeList } from './notices.js';
import { pingSources } from './ping-sources.js';
import { isPublic, knativeService } from './service.js';

export interface ManifestFile {
  /** The file's name inside DIR, e.g. "service-hello.yaml". */
  file: string;
  kind: string;
  name: string;
  resource: Record<string, unknown>;
}

export interface ServiceSummary {
  function: string;
  service: string;
  public: boolean;
  /** Each schedule's cron, with its time zone in parentheses. */
  schedules: string[];
}

export interface KnativeManifests {
  project: string;
  namespace: string;
  image: string;
  files: ManifestFile[];
  services: ServiceSummary[];
  /** The Secret the pods read `${env.NAME}` values and secrets from, and its keys; no keys: no Secret needed. */
  secret: { name: string; keys: string[] };
  dispatcher?: { name: string; functions: string[]; urls: Record<string, string> };
}

export interface ManifestInput {
  loaded: LoadedConfig;
  /** function → environment as neosl.yaml writes it. */
  rawEnvironments: ReadonlyMap<string, Record<string, string>>;
  /** The backend URLs as written (src/deploy/project-settings.ts). */
  settings: ProjectSettings;
  image: string;
  namespace: string;
}

export const DEFAULT_NAMESPACE = 'default';

export function knativeManifests(input: ManifestInput, notices: NoticeList): KnativeManifests {
  const { loaded, settings, image, namespace } = input;
  const project = projectDnsName(loaded.config.name);
  const secretName = `${project}-secrets`;
  const functions = Object.values(loaded.config.functions);
  const services = serviceNames(functions.map((fn) => fn.name), notices);
  const backendReferences = [settings.cache.redisUrl, settings.databaseUrl, settings.blockchain.rpcUrl].flatMap((url) => (url === undefined ? [] : envReferences(url)));

  const files: ManifestFile[] = [];
  const summaries: ServiceSummary[] = [];
  const secretKeys = new Set<string>();
  const add = (file: string, resource: Record<string, unknown>) => {
    const metadata = resource.metadata as { name: string };
    files.push({ file, kind: resource.kind as string, name: metadata.name, resource });
  };

  for (const fn of functions) {
    const service = services.get(fn.name)!;
    const environment = podEnvironment({
      fn: fn.name,
      configMapName: `${service}-env`,
      secretName,
      raw: input.rawEnvironments.get(fn.name) ?? {},
      secrets: fn.secrets,
      backendReferences,
    });
    for (const key of environment.secretKeys) secretKeys.add(key);
    add(`service-${service}.yaml`, knativeService({ fn, service, project, image, env: environment.env }, notices));
    if (environment.configMap !== undefined) {
      add(`configmap-${service}-env.yaml`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: environment.configMap.name, labels: commonLabels(project, service), annotations: { [FUNCTION_ANNOTATION]: fn.name } },
        data: environment.configMap.data,
      });
    }
    const pings = pingSources({ fn, service, project });
    pings.forEach((ping, index) => add(`ping-${service}-${index + 1}.yaml`, ping.resource));
    summaries.push({
      function: fn.name,
      service,
      public: isPublic(fn),
      schedules: pings.map((ping) => ping.trigger.cron + (ping.trigger.timezone !== undefined ? ` (${ping.trigger.timezone})` : '')),
    });
  }

  const subscribed = new Map(functions.filter(hasChainTrigger).map((fn) => [fn.name, services.get(fn.name)!]));
  let dispatcher: KnativeManifests['dispatcher'];
  if (subscribed.size > 0) {
    const name = `${project}-dispatcher`;
    // The chain node's ${env.NAME} (blockchain.rpcUrl), and those of the other backend URLs, which the host expands at start too.
    for (const key of backendReferences) secretKeys.add(key);
    add('dispatcher.yaml', dispatcherDeployment({ name, project, image, namespace, subscribed, secretEnv: secretReferences(backendReferences, secretName) }));
    dispatcher = { name, functions: [...subscribed.keys()], urls: functionUrls(subscribed, namespace) };
    if (settings.blockchain.rpcUrl === undefined) {
      notices.warn(`no blockchain.rpcUrl in neosl.yaml: the dispatcher (and each function) follows its own embedded fake chain; name a Neo N3 node for a real cluster, e.g. rpcUrl: "\${env.NEO_RPC_URL}"`);
    }
  }

  if (summaries.some((summary) => summary.schedules.some((cron) => !cron.endsWith(')')))) {
    notices.notice('schedules without a timezone run in the time zone of the cluster\'s Knative Eventing (usually UTC), not this machine\'s; add timezone: to pin one');
  }
  const local = [
    ...(loaded.config.database.kind !== 'postgres' ? ['the database (SQLite)'] : []),
    ...(loaded.config.cache.redis === undefined ? ['the redis cache (in-process fake)'] : []),
  ];
  if (local.length > 0) {
    notices.notice(`${local.join(' and ')} live${local.length === 1 ? 's' : ''} inside each pod: not shared between replicas and lost when a pod stops; set ${[
      ...(loaded.config.database.kind !== 'postgres' ? ['database.url: postgres://…'] : []),
      ...(loaded.config.cache.redis === undefined ? ['cache.redis.url'] : []),
    ].join(' and ')} for state that lasts`);
  }

  return { project, namespace, image, files, services: summaries, secret: { name: secretName, keys: [...secretKeys].sort() }, ...(dispatcher !== undefined ? { dispatcher } : {}) };
}
