// Every manifest is checked before anything is written: against the Kubernetes and Knative schemas
// (kubernetes-models, offline), then for keys those schemas do not define (they let any extra key
// through), and for names the API server would refuse. A failure names the resource, file and path.
import { Service } from '@kubernetes-models/knative/serving.knative.dev/v1';
import { PingSource } from '@kubernetes-models/knative/sources.knative.dev/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap } from 'kubernetes-models/v1';
import { UserError, type Diagnostic } from '../errors.js';
import { API_KEYS, unknownKeys } from './api-keys.js';

export interface CheckedResource {
  /** File name inside DIR, for messages. */
  file: string;
  resource: Record<string, unknown>;
}

interface SchemaModel {
  validate(): void;
}

const MODELS: Record<string, (data: never) => SchemaModel> = {
  'serving.knative.dev/v1 Service': (data) => new Service(data),
  'sources.knative.dev/v1 PingSource': (data) => new PingSource(data),
  'v1 ConfigMap': (data) => new ConfigMap(data),
  'apps/v1 Deployment': (data) => new Deployment(data),
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Names the API server checks and the schemas do not. */
function nameProblems(kind: string, resource: Record<string, unknown>): string[] {
  const metadata = (resource.metadata ?? {}) as { name?: unknown; labels?: Record<string, unknown> };
  const problems: string[] = [];
  const name = metadata.name;
  if (typeof name !== 'string') problems.push('metadata.name: missing');
  else if (kind === 'v1 ConfigMap' ? !DNS_SUBDOMAIN.test(name) || name.length > 253 : !DNS_LABEL.test(name) || name.length > 63) {
    problems.push(`metadata.name: "${name}" is not a valid ${kind === 'v1 ConfigMap' ? 'DNS-1123 subdomain' : 'DNS-1123 label'}`);
  }
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) problems.push(`metadata.labels.${key}: "${value}" is not a valid label value`);
  }
  return problems;
}

/** The problems of one resource, each "path: what"; [] when it is valid. */
export function resourceProblems(resource: Record<string, unknown>): string[] {
  const kind = `${String(resource.apiVersion)} ${String(resource.kind)}`;
  const shape = API_KEYS[kind];
  if (shape === undefined) return [`${kind} is not a kind neosl knows how to check`];
  const problems: string[] = [];
  const model = MODELS[kind];
  if (model !== undefined) {
    try {
      model(structuredClone(resource) as never).validate();
    } catch (error) {
      const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
      if (!Array.isArray(errors)) throw error;
      for (const item of errors) problems.push(`${(item.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') || '(the resource)'}: ${item.message ?? 'is invalid'}`);
    }
  }
  for (const path of unknownKeys(resource, shape)) problems.push(`${path}: not a field of ${kind}`);
  if (model !== undefined) problems.push(...nameProblems(kind, resource));
  return problems;
}

/** Throws MANIFEST_INVALID naming every problem of every resource; returns when all are valid. */
export function validateResources(resources: readonly CheckedResource[]): void {
  const diagnostics: Diagnostic[] = [];
  for (const { file, resource } of resources) {
    const name = String((resource.metadata as { name?: unknown } | undefined)?.name ?? '(unnamed)');
    for (const problem of resourceProblems(resource)) diagnostics.push({ message: `${String(resource.kind)} ${name} (${file}): ${problem}` });
  }
  if (diagnostics.length === 0) return;
  throw new UserError(`${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in the generated Kubernetes manifests: nothing was written`, {
    code: 'MANIFEST_INVALID',
    diagnostics,
    hint: 'this is a bug in neosl unless neosl.yaml holds a value Kubernetes cannot take: please report it with your neosl.yaml',
  });
}
