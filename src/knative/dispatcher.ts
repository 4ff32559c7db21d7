// The trigger dispatcher: one replica of `neosl serve --triggers-only` that follows the chain and
// posts each block and contract notification to the services of the functions subscribed to it, so a
// block is handled once however many replicas serve a function.
import type { FunctionConfig } from '../config/types.js';
import type { EnvVar } from './env.js';
import { commonLabels } from './labels.js';
import { IMAGE_APP_DIR } from './image-dockerfile.js';
import { CONTAINER_PORT, HEALTH_PATH } from './service.js';

export const DISPATCHER_ARGS = ['serve', '--from-dir', IMAGE_APP_DIR, '--triggers-only', '--host', '0.0.0.0', '--port', String(CONTAINER_PORT)];
/** It runs no function: the host and the chain client only. */
const DISPATCHER_MEMORY = { requests: '128Mi', limits: '256Mi' };

export function hasChainTrigger(fn: FunctionConfig): boolean {
  return fn.triggers.some((trigger) => trigger.kind === 'block' || trigger.kind === 'contract-event');
}

/** A service's address inside the cluster (what the runtime's events route accepts). */
export function clusterUrl(service: string, namespace: string): string {
  return `http://${service}.${namespace}.svc.cluster.local`;
}

export interface DispatcherInput {
  /** `<project>-dispatcher`. */
  name: string;
  project: string;
  image: string;
  namespace: string;
  /** function → service, of the functions with a blockchain trigger. */
  subscribed: ReadonlyMap<string, string>;
  /** Secret refs of the `${env.NAME}` in blockchain.rpcUrl (and the other backend URLs). */
  secretEnv: EnvVar[];
}

export function functionUrls(subscribed: ReadonlyMap<string, string>, namespace: string): Record<string, string> {
  return Object.fromEntries([...subscribed].map(([fn, service]) => [fn, clusterUrl(service, namespace)]));
}

export function dispatcherDeployment(input: DispatcherInput): Record<string, unknown> {
  const labels = commonLabels(input.project, input.name);
  const selector = { 'app.kubernetes.io/name': input.name, 'app.kubernetes.io/part-of': input.project };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, labels },
    spec: {
      // One follower of the chain: two would deliver every block twice.
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'dispatcher',
              image: input.image,
              args: DISPATCHER_ARGS,
              ports: [{ containerPort: CONTAINER_PORT }],
              env: [{ name: 'NEOSL_FUNCTION_URLS', value: JSON.stringify(functionUrls(input.subscribed, input.namespace)) }, ...input.secretEnv],
              readinessProbe: { httpGet: { path: HEALTH_PATH, port: CONTAINER_PORT } },
              resources: { requests: { memory: DISPATCHER_MEMORY.requests }, limits: { memory: DISPATCHER_MEMORY.limits } },
            },
          ],
        },
      },
    },
  };
}
