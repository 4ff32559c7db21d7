// The body `neosl bench` (and the dashboard's `b`) sends without --data: bench.data, then the
// function's sample, then {} for methods with a body.
import { describe, expect, it } from 'vitest';
import { planFor } from '../../src/bench/plan.js';
import { loadConfig } from '../../src/config/load.js';
import type { FunctionConfig } from '../../src/config/types.js';
import { HELLO_HANDLER, tempProject } from '../config/temp-project.js';

async function fn(lines: string[]): Promise<FunctionConfig> {
  const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': ['name: my-app', 'functions:', '  hello:', ...lines.map((line) => `    ${line}`)].join('\n') + '\n' });
  return (await loadConfig({ cwd: dir })).config.functions.hello!;
}

const flags = { warmupSec: 0 };
const url = 'http://127.0.0.1:8700/x';

describe('the bench body', () => {
  it('is bench.data before the sample, and the sample before {}', async () => {
    expect(planFor(await fn(['sample: { name: sample }', 'bench: { data: { name: bench } }']), flags, url, 'POST', undefined).body).toBe('{"name":"bench"}');
    expect(planFor(await fn(['sample: { name: sample }']), flags, url, 'POST', undefined).body).toBe('{"name":"sample"}');
    expect(planFor(await fn(['timeout: 30s']), flags, url, 'POST', undefined).body).toBe('{}');
    expect(planFor(await fn(['sample: { name: sample }']), flags, url, 'POST', '{"name":"flag"}').body).toBe('{"name":"flag"}');
  });

  it("is an http function's sample body when the sample is for the method benched", async () => {
    const api = await fn(['triggers: [{ http: { method: GET, path: /items } }, { http: { method: POST, path: /items } }]', 'sample: { method: POST, path: /items, body: { name: apple } }']);
    const post = planFor(api, flags, url, 'POST', undefined);
    expect(post.body).toBe('{"name":"apple"}');
    expect(post.headers['content-type']).toBe('application/json');
    expect(planFor(api, flags, url, 'GET', undefined).body).toBeUndefined();
  });
});
