// Request ids: a counter behind a per-process random prefix, shaped like the UUIDs users already
// parse from x-neosl-request-id; unique within a process and apart between processes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRequestIds } from '../../src/emulator/request-id.js';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const moduleUrl = new URL('../../src/emulator/request-id.ts', import.meta.url).href;
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The first three ids of a fresh process. */
function idsOfAnotherProcess(): string[] {
  const script = `const { createRequestIds } = await import(${JSON.stringify(moduleUrl)}); const ids = createRequestIds(); console.log(JSON.stringify([ids.next(), ids.next(), ids.next()]));`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' });
  return JSON.parse(output) as string[];
}

describe('request ids', () => {
  it('are unique over 200,000 requests and keep the UUID shape', () => {
    const ids = createRequestIds();
    const seen = new Set<string>();
    for (let index = 0; index < 200_000; index++) seen.add(ids.next());
    expect(seen.size).toBe(200_000);
    for (const id of [...seen].slice(0, 3).concat([...seen].slice(-3))) expect(id).toMatch(UUID_SHAPE);
    // One prefix per process, a counter after it.
    expect(new Set([...seen].map((id) => id.slice(0, 24))).size).toBe(1);
  });

  it('differ between two processes: each draws its own prefix', () => {
    const first = idsOfAnotherProcess();
    const second = idsOfAnotherProcess();
    for (const id of [...first, ...second]) expect(id).toMatch(UUID_SHAPE);
    expect(first[0]!.slice(0, 24)).not.toBe(second[0]!.slice(0, 24));
    expect(new Set([...first, ...second]).size).toBe(6);
    // Both count from the same start: the prefix alone keeps them apart.
    expect(first[0]!.slice(24)).toBe(second[0]!.slice(24));
  });
});
