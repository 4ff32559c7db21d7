// A function's environment in a pod: literal values from a ConfigMap (`<service>-env`), every
// `${env.NAME}` and every declared secret from the project's Secret by key NAME. Built from the RAW
// neosl.yaml values, so no value of .env or of the shell ever lands in a manifest.
import { envReferences } from '../config/expand.js';
import { UserError } from '../errors.js';

export interface EnvVar {
  name: string;
  valueFrom: { configMapKeyRef: { name: string; key: string } } | { secretKeyRef: { name: string; key: string } };
}

export interface PodEnvironment {
  /** The ConfigMap's name and data; undefined when no value is a literal. */
  configMap?: { name: string; data: Record<string, string> };
  env: EnvVar[];
  /** The Secret keys the pod reads, sorted. */
  secretKeys: string[];
}

export interface PodEnvironmentInput {
  /** Function name, for messages. */
  fn: string;
  /** `<service>-env`. */
  configMapName: string;
  /** `<project>-secrets`. */
  secretName: string;
  /** The function's environment as neosl.yaml writes it. */
  raw: Record<string, string>;
  /** The function's declared secrets. */
  secrets: readonly string[];
  /** `${env.NAME}` of the backend URLs (database, cache, chain node): the host reads them from its environment. */
  backendReferences: readonly string[];
}

/** Variables Knative sets in every revision's container and refuses in a Service (its webhook's reservedEnvVars). */
export const KNATIVE_RESERVED_ENV = ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];

/** The whole value is one reference: `${env.NAME}`. */
const SINGLE_REFERENCE = /^\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}$/;

export function secretRef(name: string, secretName: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/** Secret env entries (name = key) for `${env.NAME}` references, e.g. those of blockchain.rpcUrl. */
export function secretReferences(names: readonly string[], secretName: string): EnvVar[] {
  return [...new Set(names)].map((name) => secretRef(name, secretName, name));
}

export function podEnvironment(input: PodEnvironmentInput): PodEnvironment {
  const { fn, raw, secretName } = input;
  const literal: Record<string, string> = {};
  const env: EnvVar[] = [];
  const sources = new Map<string, string>();
  const secretKeys = new Set<string>();

  const add = (entry: EnvVar, source: string) => {
    if (KNATIVE_RESERVED_ENV.includes(entry.name)) {
      throw new UserError(`function ${fn}: ${source} would set ${entry.name}, which Knative sets itself and refuses in a Service`, {
        code: 'KNATIVE_ENV_RESERVED',
        hint: `rename it: Knative reserves ${KNATIVE_RESERVED_ENV.join(', ')}`,
      });
    }
    const earlier = sources.get(entry.name);
    const sameSecret = (a: EnvVar | undefined) => a !== undefined && 'secretKeyRef' in a.valueFrom && 'secretKeyRef' in entry.valueFrom && a.valueFrom.secretKeyRef.key === entry.valueFrom.secretKeyRef.key;
    if (earlier !== undefined) {
      if (sameSecret(env.find((item) => item.name === entry.name))) return;
      throw new UserError(`function ${fn}: ${source} and ${earlier} would both set the variable ${entry.name} in the pod`, {
        code: 'KNATIVE_ENV_CONFLICT',
        hint: `in a pod every ${'${env.NAME}'} and every secret is an environment variable of that name: rename the environment key or the variable`,
      });
    }
    sources.set(entry.name, source);
    env.push(entry);
    if ('secretKeyRef' in entry.valueFrom) secretKeys.add(entry.valueFrom.secretKeyRef.key);
  };

  for (const [key, value] of Object.entries(raw)) {
    const where = `environment.${key}`;
    const single = SINGLE_REFERENCE.exec(value);
    const references = envReferences(value);
    if (single !== null) {
      add(secretRef(key, secretName, single[1]!), where);
    } else if (references.length > 0) {
      // The host expands the value written in the image's manifest from these variables.
      for (const name of references) add(secretRef(name, secretName, name), `${where} (its ${'${env.' + name + '}'})`);
    } else {
      literal[key] = value;
      add({ name: key, valueFrom: { configMapKeyRef: { name: input.configMapName, key } } }, where);
    }
  }
  for (const secret of input.secrets) add(secretRef(secret, secretName, secret), `secrets: ${secret}`);
  for (const name of input.backendReferences) add(secretRef(name, secretName, name), `a backend URL's ${'${env.' + name + '}'}`);

  return {
    ...(Object.keys(literal).length > 0 ? { configMap: { name: input.configMapName, data: literal } } : {}),
    env,
    secretKeys: [...secretKeys].sort(),
  };
}
