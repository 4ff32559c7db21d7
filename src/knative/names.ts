// Kubernetes names for a neosl project: DNS-1123 labels derived from function and project names,
// unique within the project, with a notice whenever the name differs from what neosl.yaml says.
import type { NoticeList } from './notices.js';

/** A DNS-1123 label that is also a DNS-1035 label (Knative creates a Kubernetes Service of the same name). */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A namespace's name: a DNS-1123 label (it may start with a digit), at most 63 characters. */
export const NAMESPACE_NAME = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Longest service name: Knative names revisions `<service>-00001` and their Kubernetes Services
 * `<service>-00001-private`, which must stay within 63 characters; 40 leaves room for both.
 */
export const MAX_SERVICE_NAME = 40;

/** "Price_Feed" → "price-feed", "nightlyReport" → "nightly-report", "$x" → "x"; at most `max` characters. */
export function toDnsLabel(name: string, max = MAX_SERVICE_NAME, fallback = 'fn'): string {
  const label = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return label === '' ? fallback : label;
}

/** The project's name as a label (the Secret's and the dispatcher's prefix, the default image's name). */
export function projectDnsName(project: string): string {
  return toDnsLabel(project.replace(/^@[^/]*\//, ''), MAX_SERVICE_NAME, 'neosl-app');
}

/**
 * One Knative Service name per function (in neosl.yaml order): the function's name when it is a
 * valid label already, else one derived from it (said in a notice); a name already taken gets a
 * `-2`, `-3`… suffix (said too).
 */
export function serviceNames(functions: readonly string[], notices: NoticeList): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const fn of functions) {
    const valid = DNS_LABEL.test(fn) && fn.length <= MAX_SERVICE_NAME;
    const base = valid ? fn : toDnsLabel(fn);
    let name = base;
    for (let n = 2; taken.has(name); n++) {
      const suffix = `-${n}`;
      name = `${base.slice(0, MAX_SERVICE_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    if (name !== base) {
      const other = [...names].find(([, service]) => service === base)?.[0];
      notices.notice(`function ${fn}: service name "${base}" is taken${other !== undefined ? ` by function ${other}` : ''}, so its service is "${name}"`);
    } else if (!valid) {
      notices.notice(`function ${fn}: "${fn}" is not a valid Kubernetes name (a DNS-1123 label: lower-case letters, digits and "-", at most ${MAX_SERVICE_NAME} characters here), so its service is "${name}"`);
    }
    taken.add(name);
    names.set(fn, name);
  }
  return names;
}
