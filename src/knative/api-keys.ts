// The keys the Kubernetes and Knative APIs define at every level of the resources neosl writes, for
// the strict unknown-key check (the schema validators of kubernetes-models accept any extra key).
// Taken from the types of kubernetes-models@4.5.1 (Kubernetes 1.27) and @kubernetes-models/knative@2.4.4
// (Knative 1.10); levels neosl never writes into are ANY (not descended).

/** A key whose value is not checked further (a scalar, or a level neosl does not write into). */
export const ANY = 'any';
/** A free mapping of names to strings (labels, annotations, ConfigMap data, resource quantities). */
export const MAP = 'map';

export type KeyShape = typeof ANY | typeof MAP | { [key: string]: KeyShape } | [KeyShape];

const anyOf = (keys: string): Record<string, KeyShape> => Object.fromEntries(keys.split(',').map((key) => [key, ANY]));

const OBJECT_META: Record<string, KeyShape> = {
  ...anyOf('creationTimestamp,deletionGracePeriodSeconds,deletionTimestamp,finalizers,generateName,generation,managedFields,name,namespace,ownerReferences,resourceVersion,selfLink,uid'),
  labels: MAP,
  annotations: MAP,
};

const KEY_REF: KeyShape = anyOf('key,name,optional');
const ENV_VAR: KeyShape = { ...anyOf('name,value'), valueFrom: { ...anyOf('fieldRef,resourceFieldRef'), configMapKeyRef: KEY_REF, secretKeyRef: KEY_REF } };
const HTTP_GET: KeyShape = anyOf('host,httpHeaders,path,port,scheme');

const KNATIVE_CONTAINER: KeyShape = {
  ...anyOf('args,command,envFrom,image,imagePullPolicy,livenessProbe,name,securityContext,terminationMessagePath,terminationMessagePolicy,volumeMounts,workingDir'),
  env: [ENV_VAR],
  ports: [anyOf('containerPort,name,protocol')],
  readinessProbe: { ...anyOf('exec,failureThreshold,initialDelaySeconds,periodSeconds,successThreshold,tcpSocket,timeoutSeconds'), httpGet: HTTP_GET },
  resources: { limits: MAP, requests: MAP },
};

const CONTAINER: KeyShape = {
  ...anyOf(
    'args,command,envFrom,image,imagePullPolicy,lifecycle,livenessProbe,name,resizePolicy,restartPolicy,securityContext,startupProbe,stdin,stdinOnce,terminationMessagePath,terminationMessagePolicy,tty,volumeDevices,volumeMounts,workingDir',
  ),
  env: [ENV_VAR],
  ports: [anyOf('containerPort,hostIP,hostPort,name,protocol')],
  readinessProbe: { ...anyOf('exec,failureThreshold,grpc,initialDelaySeconds,periodSeconds,successThreshold,tcpSocket,terminationGracePeriodSeconds,timeoutSeconds'), httpGet: HTTP_GET },
  resources: { claims: ANY, limits: MAP, requests: MAP },
};

export const API_KEYS: Record<string, KeyShape> = {
  'serving.knative.dev/v1 Service': {
    ...anyOf('apiVersion,kind,status'),
    metadata: OBJECT_META,
    spec: {
      traffic: ANY,
      template: {
        metadata: { ...anyOf('finalizers,name,namespace'), labels: MAP, annotations: MAP },
        spec: {
          ...anyOf(
            'affinity,automountServiceAccountToken,containerConcurrency,dnsConfig,dnsPolicy,enableServiceLinks,hostAliases,idleTimeoutSeconds,imagePullSecrets,initContainers,nodeSelector,priorityClassName,responseStartTimeoutSeconds,runtimeClassName,schedulerName,securityContext,serviceAccountName,timeoutSeconds,tolerations,topologySpreadConstraints,volumes',
          ),
          containers: [KNATIVE_CONTAINER],
        },
      },
    },
  },
  'sources.knative.dev/v1 PingSource': {
    ...anyOf('apiVersion,kind,status'),
    metadata: OBJECT_META,
    spec: { ...anyOf('ceOverrides,contentType,data,dataBase64,schedule,timezone'), sink: { uri: ANY, ref: anyOf('apiVersion,kind,name,namespace') } },
  },
  'v1 ConfigMap': { ...anyOf('apiVersion,binaryData,immutable,kind'), metadata: OBJECT_META, data: MAP },
  'apps/v1 Deployment': {
    ...anyOf('apiVersion,kind,status'),
    metadata: OBJECT_META,
    spec: {
      ...anyOf('minReadySeconds,paused,progressDeadlineSeconds,replicas,revisionHistoryLimit'),
      strategy: anyOf('rollingUpdate,type'),
      selector: { matchExpressions: ANY, matchLabels: MAP },
      template: {
        metadata: OBJECT_META,
        spec: {
          ...anyOf(
            'activeDeadlineSeconds,affinity,automountServiceAccountToken,dnsConfig,dnsPolicy,enableServiceLinks,ephemeralContainers,hostAliases,hostIPC,hostNetwork,hostPID,hostUsers,hostname,imagePullSecrets,initContainers,nodeName,nodeSelector,os,overhead,preemptionPolicy,priority,priorityClassName,readinessGates,resourceClaims,resources,restartPolicy,runtimeClassName,schedulerName,schedulingGates,securityContext,serviceAccount,serviceAccountName,setHostnameAsFQDN,shareProcessNamespace,subdomain,terminationGracePeriodSeconds,tolerations,topologySpreadConstraints,volumes',
          ),
          containers: [CONTAINER],
        },
      },
    },
  },
  // kustomize's Kustomization (kustomize.config.k8s.io/v1beta1), which kubernetes-models does not describe.
  'kustomize.config.k8s.io/v1beta1 Kustomization': anyOf(
    'apiVersion,kind,metadata,namespace,namePrefix,nameSuffix,commonLabels,labels,commonAnnotations,resources,components,crds,configMapGenerator,secretGenerator,generatorOptions,patches,patchesStrategicMerge,patchesJson6902,replacements,replicas,images,openapi,configurations,generators,transformers,validators,buildMetadata,sortOptions,vars,helmCharts,helmGlobals',
  ),
};

/** The paths (like "spec.template.spec.containers[0].foo") of keys in `value` that `shape` does not define. */
export function unknownKeys(value: unknown, shape: KeyShape, path = ''): string[] {
  if (shape === ANY) return [];
  if (shape === MAP) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    return Object.entries(value).flatMap(([key, item]) => (typeof item === 'string' ? [] : [`${path}.${key} (expected a string value)`]));
  }
  if (Array.isArray(shape)) return Array.isArray(value) ? value.flatMap((item, index) => unknownKeys(item, shape[0], `${path}[${index}]`)) : [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return Object.hasOwn(shape, key) ? unknownKeys(item, shape[key]!, at) : [at];
  });
}
