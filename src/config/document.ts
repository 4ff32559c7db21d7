// neosl.yaml as a YAML document: parsing with neosl's options, and finding the node behind a key path.
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, ParseOptions, DocumentOptions, SchemaOptions } from 'yaml';

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * Script hashes are written `0x…`; YAML's core schema would read an unquoted one as a hex
 * integer and lose precision, so neosl.yaml has no hex integers: `0x…` is always a string.
 */
export const YAML_OPTIONS: YamlOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  customTags: (tags) => tags.filter((tag) => !(typeof tag === 'object' && 'format' in tag && tag.format === 'HEX')),
};

export function parseConfigDocument(source: string): Document.Parsed {
  return parseDocument(source, YAML_OPTIONS);
}

export type PathSegment = string | number;

export interface NodeLookup {
  /** The value node at the full path, if the path exists in the YAML. */
  value?: Node;
  /** The key node of the last segment when it is a mapping key. */
  key?: Node;
  /** The deepest node that exists along the path (the document root at worst). */
  nearest?: Node;
  /** How many segments of the path exist in the YAML. */
  depth: number;
}

function keyMatches(key: unknown, segment: PathSegment): boolean {
  const raw = isScalar(key) ? key.value : key;
  return raw !== null && raw !== undefined && String(raw) === String(segment);
}

/** Walks the document along a key path (strings for mapping keys, numbers for list items). */
export function findNode(doc: Document, path: readonly PathSegment[]): NodeLookup {
  let current: unknown = doc.contents;
  let nearest = isNode(current) ? current : undefined;
  let key: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    key = undefined;
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((item) => isPair(item) && keyMatches(item.key, segment));
      if (!pair) break;
      key = isNode(pair.key) ? pair.key : undefined;
      next = pair.value;
      // `key:` with nothing after it: the key is the best place to point at.
      if (!isNode(next)) {
        depth++;
        return { key, nearest: key ?? nearest, depth, value: undefined };
      }
    } else if (isSeq(current) && typeof segment === 'number') {
      next = current.items[segment];
      if (!isNode(next)) break;
    } else {
      break;
    }
    if (isAlias(next)) {
      // Not followed into the anchor: the alias is where the user wrote this value.
      depth++;
      if (depth === path.length) return { key, value: next, nearest: next, depth };
      return { nearest: next, depth };
    }
    current = next;
    nearest = next as Node;
    depth++;
  }
  if (depth === path.length) return { value: nearest, key, nearest, depth };
  return { nearest, depth };
}
