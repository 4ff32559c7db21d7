// Every template, scaffolded and installed as a user would (neosl from this checkout, not from the
// registry), then type-checked by the project's own TypeScript, tested by its own `npm test`, and
// load-tested by the bench smoke step of its CI workflow.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

/** The environment without this test run's own VITEST* variables, which would confuse a nested vitest. */
function outsideVitest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV'));
}

const templatesDir = fileURLToPath(new URL('../../templates', import.meta.url));
const templates = ['hello', 'http-api', 'cached', 'database', 'blockchain', 'scheduled'];

describe('generated projects', () => {
  it.each(templates)('the %s template installs without a registry neosl, type-checks, passes its tests and the bench smoke of its workflow', async (template) => {
    const dir = join(makeTempDir(), `app-${template}`);
    const init = await spawnNeosl(['init', dir, '--template', template], { env: { npm_config_prefer_offline: 'true' } });
    expect(init.exitCode, init.stderr).toBe(0);

    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies.neosl).toMatch(/^file:/);

    const tsc = spawnSync(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const npmTest = spawnSync('npm', ['test', '--silent'], { cwd: dir, encoding: 'utf8', env: { ...outsideVitest(process.env), CI: 'true', NO_COLOR: '1' } });
    expect(npmTest.status, npmTest.stdout + npmTest.stderr).toBe(0);
    expect(npmTest.stdout).toMatch(/Tests\s+\d+ passed/);

    // The workflow's bench smoke step, as CI runs it: the command is read from the generated workflow.
    const workflow = readFileSync(join(dir, '.github/workflows/neosl.yml'), 'utf8');
    const smoke = /run: (npx neosl bench .*)/.exec(workflow)![1]!.split(' ');
    const benchRun = spawnSync(smoke[0]!, smoke.slice(1), { cwd: dir, encoding: 'utf8', env: { ...outsideVitest(process.env), CI: 'true', NO_COLOR: '1' } });
    expect(benchRun.status, benchRun.stderr).toBe(0);
    const { results } = JSON.parse(benchRun.stdout) as { results: { function: string; errorRate: number; requests: { total: number } }[] };
    const declared = 'bench' in (JSON.parse(readFileSync(join(templatesDir, template, 'template.json'), 'utf8')) as { function: object }).function;
    expect(results).toHaveLength(declared ? 1 : 0);
    for (const result of results) {
      expect(result.errorRate, `${result.function}: ${benchRun.stderr}`).toBe(0);
      expect(result.requests.total).toBeGreaterThan(0);
    }
  }, 240_000);
});
