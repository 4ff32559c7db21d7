// The labels and annotations every generated resource carries, so that `kubectl get -l` finds a
// project's resources and a reader sees which neosl function a resource belongs to.

export const MANAGED_BY = 'neosl';
/** Annotation naming the neosl function behind a resource (function names may hold "$" or "_", which label values cannot). */
export const FUNCTION_ANNOTATION = 'neosl/function';

export function commonLabels(project: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/part-of': project,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}
