// Reading back what `neosl deploy --target knative` wrote: every YAML file of DIR as a resource, and
// the resources a kustomization lists. Shared by the Knative tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Resource = Record<string, any>;

export function readYamlFiles(dir: string): Map<string, Resource> {
  const files = new Map<string, Resource>();
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.yaml')).sort()) files.set(name, parse(readFileSync(join(dir, name), 'utf8')) as Resource);
  return files;
}

export function ofKind(files: Map<string, Resource>, kind: string): Resource[] {
  return [...files.values()].filter((resource) => resource.kind === kind);
}

/** The Knative Service of a function (by the neosl/function annotation). */
export function serviceOf(files: Map<string, Resource>, fn: string): Resource | undefined {
  return ofKind(files, 'Service').find((resource) => resource.metadata.annotations['neosl/function'] === fn);
}

/** Every file below `dir`, relative, with "/". */
export function allFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? allFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}
