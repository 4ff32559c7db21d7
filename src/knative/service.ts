// The Knative Serving Service of one function: the image running `neosl serve --from-dir /app` for
// that function alone, with triggers arriving as events, scaled and limited as neosl.yaml says.
import type { FunctionConfig } from '../config/types.js';
import type { EnvVar } from './env.js';
import { IMAGE_APP_DIR, IMAGE_PORT } from './image-dockerfile.js';
import { commonLabels, FUNCTION_ANNOTATION } from './labels.js';
import type { NoticeList } from './notices.js';
import { revisionTimeoutSeconds, scalingAnnotations } from './scaling.js';

/** The port the image's neosl serve listens on (the Dockerfile's EXPOSE). */
export const CONTAINER_PORT = IMAGE_PORT;
export const HEALTH_PATH = '/_neosl/health';
export const VISIBILITY_LABEL = 'networking.knative.dev/visibility';

/** The container's arguments (after the image's `neosl` entrypoint). */
export function functionArgs(fn: string): string[] {
  return ['serve', '--from-dir', IMAGE_APP_DIR, '--function', fn, '--external-triggers', '--host', '0.0.0.0', '--port', String(CONTAINER_PORT)];
}

export interface ServiceInput {
  fn: FunctionConfig;
  service: string;
  project: string;
  image: string;
  env: EnvVar[];
}

/**
 * What `neosl serve` itself holds beside the function's instance (the host process, its worker thread's
 * baseline: ~100 MB measured idle): the pod's memory is the function's `memory` plus this, so the
 * kernel does not kill the pod before the function's own limit answers 502 OUT_OF_MEMORY.
 */
export const HOST_MEMORY_OVERHEAD_MB = 128;

/** requests and limits.memory of a function's pod. */
export function podMemory(fn: FunctionConfig): string {
  return `${Math.ceil(fn.memoryMb) + HOST_MEMORY_OVERHEAD_MB}Mi`;
}

/** Reachable from outside the cluster only when the function has an http trigger. */
export function isPublic(fn: FunctionConfig): boolean {
  return fn.triggers.some((trigger) => trigger.kind === 'http');
}

export function knativeService(input: ServiceInput, notices: NoticeList): Record<string, unknown> {
  const { fn, service } = input;
  const memory = podMemory(fn);
  const labels = { ...commonLabels(input.project, service), ...(isPublic(fn) ? {} : { [VISIBILITY_LABEL]: 'cluster-local' }) };
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: service, labels, annotations: { [FUNCTION_ANNOTATION]: fn.name } },
    spec: {
      template: {
        metadata: { annotations: scalingAnnotations(fn, notices) },
        spec: {
          timeoutSeconds: revisionTimeoutSeconds(fn, notices),
          containers: [
            {
              name: 'function',
              image: input.image,
              args: functionArgs(fn.name),
              ports: [{ containerPort: CONTAINER_PORT }],
              ...(input.env.length > 0 ? { env: input.env } : {}),
              readinessProbe: { httpGet: { path: HEALTH_PATH } },
              resources: { requests: { memory }, limits: { memory } },
            },
          ],
        },
      },
    },
  };
}
