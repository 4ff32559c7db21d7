// Temp projects for the bundler tests, and a fresh Node process to run a bundle in.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { FunctionConfig, LoadedConfig } from '../../src/config/types.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export interface TestProject {
  dir: string;
  outdir: string;
  loaded: LoadedConfig;
  fn(name: string): FunctionConfig;
}

/**
 * A project with `functions` (name → handler spec, default `functions/<name>/index.ts`) and
 * `files`, loaded through the real config loader.
 */
export async function testProject(files: Record<string, string>, functions: Record<string, string | null>): Promise<TestProject> {
  const dir = makeTempDir('neosl-bundler-');
  const entries = Object.entries(functions)
    .map(([name, handler]) => (handler === null ? `  ${name}: {}` : `  ${name}:\n    handler: ${handler}`))
    .join('\n');
  writeFiles(dir, { 'package.json': '{ "name": "t", "type": "module" }\n', 'neosl.yaml': `name: t\nfunctions:\n${entries}\n`, ...files });
  const loaded = await loadConfig({ cwd: dir, env: {} });
  return {
    dir,
    outdir: join(dir, 'dist'),
    loaded,
    fn: (name) => loaded.config.functions[name]!,
  };
}

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an ES module script in a fresh `node` (the bundle's URL is process.argv[1]). */
export function runModuleScript(script: string, args: string[] = [], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
