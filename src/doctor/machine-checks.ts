// Checks of this machine: the Node.js version, npm, and the native parts neosl runs on
// (better-sqlite3 for the database, esbuild for bundling) loading and working.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { packageRoot } from '../package-info.js';
import { fail, ok, type CheckResult } from './check.js';

const MINIMUM_NODE_MAJOR = 20;

export function nodeVersionCheck(version: string = process.versions.node): CheckResult {
  const major = Number(version.split('.')[0]);
  if (major >= MINIMUM_NODE_MAJOR) return ok('node', `Node.js ${version} (neosl needs ${MINIMUM_NODE_MAJOR} or newer)`);
  return fail('node', `Node.js ${version} is too old: neosl needs ${MINIMUM_NODE_MAJOR} or newer`, `install Node.js ${MINIMUM_NODE_MAJOR} or newer (nodejs.org, or "nvm install ${MINIMUM_NODE_MAJOR}")`);
}

/** npm installs generated projects (`neosl init`) and runs their tests. */
export function npmCheck(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CheckResult> {
  const windows = process.platform === 'win32';
  return new Promise((resolve) => {
    execFile(windows ? 'npm.cmd' : 'npm', ['--version'], { env, timeout: timeoutMs, shell: windows }, (error, stdout) => {
      if (!error) {
        resolve(ok('npm', `npm ${stdout.trim()}`));
        return;
      }
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      resolve(
        fail(
          'npm',
          missing ? 'npm is not on the PATH' : `"npm --version" failed: ${error.message.split('\n')[0]}`,
          'install Node.js with its npm (nodejs.org), or put the folder holding npm on the PATH',
        ),
      );
    });
  });
}

const requireFromNeosl = createRequire(import.meta.url);
const rebuildIn = (module: string) => `rebuild it for this Node.js (${process.version}): run "npm rebuild ${module}" in ${packageRoot}`;

/** better-sqlite3 is a compiled addon: built for another Node.js version or platform, it fails to load. */
export function sqliteCheck(): CheckResult {
  try {
    const Database = requireFromNeosl('better-sqlite3') as new (file: string) => {
      prepare(sql: string): { get(): { version: string } };
      close(): void;
    };
    const db = new Database(':memory:');
    try {
      const { version } = db.prepare('select sqlite_version() as version').get();
      return ok('better-sqlite3', `opens an in-memory SQLite ${version} database`);
    } finally {
      db.close();
    }
  } catch (error) {
    return fail('better-sqlite3', `cannot open a database: ${(error as Error).message.split('\n')[0]}`, rebuildIn('better-sqlite3'));
  }
}

/** esbuild runs a native binary of its platform package (@esbuild/<platform>-<arch>). */
export async function esbuildCheck(): Promise<CheckResult> {
  try {
    const esbuild = await import('esbuild');
    const result = await esbuild.transform('const answer: number = 42;', { loader: 'ts' });
    if (!result.code.includes('42')) throw new Error('the transform returned no code');
    return ok('esbuild', `esbuild ${esbuild.version} transforms TypeScript`);
  } catch (error) {
    return fail(
      'esbuild',
      `cannot transform TypeScript: ${(error as Error).message.split('\n')[0]}`,
      `${rebuildIn('esbuild')} (it needs @esbuild/${process.platform}-${process.arch})`,
    );
  }
}
