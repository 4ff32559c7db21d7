// Every template, scaffolded and installed as a user would (neosl from this checkout, not from the
// registry), then type-checked by the project's own TypeScript and tested by its own `npm test`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

/** The environment without this test run's own VITEST* variables, which would confuse a nested vitest. */
function outsideVitest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV'));
}

const templates = ['hello', 'http-api', 'cached', 'database', 'blockchain', 'scheduled'];

describe('generated projects', () => {
  it.each(templates)('the %s template installs without a registry neosl, type-checks and passes its tests', async (template) => {
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
  }, 240_000);
});
