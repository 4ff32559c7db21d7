// A resource as the YAML file neosl writes: a header comment saying where it comes from, then the
// document with strings never folded (long args and JSON stay on one line) and numeric-looking
// strings quoted (annotation values must stay strings).
import { stringify } from 'yaml';

export function yamlFile(resource: unknown, header: readonly string[]): string {
  const comments = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${comments}\n${stringify(resource, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false })}`;
}
