// Checks of the project: its neosl.yaml valid, and a vendored neosl tarball (vendor/neosl-<v>.tgz,
// what `neosl init` packs into a project made from a checkout) of the neosl version that runs.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findConfigFile } from '../config/find.js';
import { loadConfig } from '../config/load.js';
import type { LoadedConfig } from '../config/types.js';
import { isUserError } from '../errors.js';
import { packageVersion } from '../package-info.js';
import { displayPath } from '../util/display-path.js';
import { fail, ok, warn, type CheckResult } from './check.js';

export interface ProjectState {
  /** The folder of the nearest neosl.yaml; undefined outside a project. */
  dir?: string;
  /** The config, when it is valid. */
  loaded?: LoadedConfig;
  result: CheckResult;
}

const NAME = 'neosl.yaml';

export async function projectCheck(cwd: string, env: NodeJS.ProcessEnv): Promise<ProjectState> {
  const file = findConfigFile(cwd);
  if (file === undefined) {
    return {
      result: warn(NAME, `no neosl.yaml in ${displayPath(cwd)} or a folder above: the project checks are skipped`, 'run "neosl doctor" in a project (or pass --cwd <dir>), or create one with "neosl init"'),
    };
  }
  const dir = dirname(file);
  try {
    const loaded = await loadConfig({ cwd, env });
    const names = Object.keys(loaded.config.functions);
    const listed = names.length === 0 ? 'no functions yet' : `${names.length} function${names.length === 1 ? '' : 's'} (${names.join(', ')})`;
    return { dir, loaded, result: ok(NAME, `${displayPath(file)} is valid: ${listed}`) };
  } catch (error) {
    if (!isUserError(error)) throw error;
    const [first] = error.diagnostics;
    const where = first?.location ? `${first.location.file}:${first.location.line}: ` : '';
    const detail = first ? `: ${where}${first.message}${error.diagnostics.length > 1 ? ` (and ${error.diagnostics.length - 1} more)` : ''}` : '';
    const fix = [first?.hint ?? error.hint, '"neosl build" shows every problem with its line'].filter(Boolean).join('; ');
    return { dir, result: fail(NAME, `${error.message}${detail}`, fix) };
  }
}

const TARBALL = /^neosl-(.+)\.tgz$/;

/** Undefined when the project vendors no neosl tarball (it depends on the registry's or a folder). */
export function vendoredTarballCheck(projectDir: string): CheckResult | undefined {
  let files: string[];
  try {
    files = readdirSync(join(projectDir, 'vendor')).filter((file) => TARBALL.test(file));
  } catch {
    return undefined;
  }
  if (files.length === 0) return undefined;
  const running = packageVersion();
  const name = 'vendored neosl';
  if (files.length > 1) {
    return warn(name, `vendor/ holds ${files.length} neosl tarballs (${files.join(', ')}); package.json names one`, 'run "neosl upgrade" to keep only the tarball of the running neosl');
  }
  const file = files[0]!;
  const version = TARBALL.exec(file)![1]!;
  if (version === running) return ok(name, `vendor/${file} is the running neosl ${running}`);
  return warn(name, `vendor/${file} is neosl ${version}, but neosl ${running} is running`, `run "neosl upgrade" to vendor neosl ${running}, or run the project's own: npx neosl`);
}
