// Log fields leave the function as data: Errors become {name, message, stack}, BigInts strings,
// cycles are cut, so that a log call never throws and never loses the error it was given.

function toPlain(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > 8) return '[Object]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const plain: Record<string, unknown> = { name: value.name, message: value.message, stack: value.stack };
      for (const [key, inner] of Object.entries(value)) plain[key] = toPlain(inner, seen, depth + 1);
      return plain;
    }
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toPlain(v, seen, depth + 1)]));
    if (value instanceof Set) return [...value].map((item) => toPlain(item, seen, depth + 1));
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
    if (Array.isArray(value)) return value.map((item) => toPlain(item, seen, depth + 1));
    const plain: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) plain[key] = toPlain(inner, seen, depth + 1);
    return plain;
  } finally {
    seen.delete(value);
  }
}

export function serializeFields(fields: object | undefined): Record<string, unknown> {
  if (fields === undefined || fields === null) return {};
  const plain = toPlain(fields, new WeakSet(), 0);
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? (plain as Record<string, unknown>) : { value: plain };
}
