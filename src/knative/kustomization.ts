// DIR/kustomization.yaml: the list of manifest files `kubectl apply -k DIR` applies (and only those:
// the image build context beside them is not read), and the namespace they go to. Users overlay it.

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

export function kustomization(files: readonly string[], namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace,
    resources: [...files],
  };
}
