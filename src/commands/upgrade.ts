// `neosl upgrade`: make the project depend on the running neosl. Not from the registry (a checkout,
// a link, a tarball): pack it into vendor/ again, replacing the old tarball. From the registry: the
// range ^<its version>. Then `npm install`, so the lockfile and node_modules follow.
import { dirname, relative } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UserError } from '../errors.js';
import { findConfigFile } from '../config/find.js';
import { detectNeoslSource, registryRange } from '../scaffold/neosl-source.js';
import { packIntoProject, type PackedPackage } from '../scaffold/pack-neosl.js';
import { forgetLockedNeosl, readNeoslDependency, removeOldTarball, writeNeoslSpec } from '../scaffold/neosl-dependency.js';
import { npmInstall } from '../scaffold/npm-install.js';
import { shellQuote } from '../scaffold/shell-quote.js';
import { displayPath } from '../util/display-path.js';

interface UpgradeOptions {
  install: boolean;
}

export async function upgradeCommand(context: CommandContext, _args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as unknown as UpgradeOptions;
  const { out } = context;
  const config = findConfigFile(context.cwd);
  if (config === undefined) {
    throw new UserError(`no neosl project in ${context.cwd} or any folder above it (no neosl.yaml)`, {
      code: 'CONFIG_NOT_FOUND',
      hint: 'Run "neosl upgrade" inside a project made by "neosl init", or pass --cwd <project>.',
    });
  }
  const projectDir = dirname(config);
  const before = readNeoslDependency(projectDir);

  const source = detectNeoslSource();
  let packed: PackedPackage | undefined;
  let origin = 'from the npm registry';
  if (source.kind === 'local') {
    packed = packIntoProject(projectDir, source.root);
    origin = `${packed.file}, packed from ${displayPath(source.root)}`;
  }
  const spec = packed?.spec ?? registryRange(source.version);
  writeNeoslSpec(projectDir, before, spec);
  const removed = removeOldTarball(projectDir, before.spec, spec);
  forgetLockedNeosl(projectDir);

  const from = before.version ?? 'unknown';
  out.info(
    `${out.colors.green('✔')} ${displayPath(before.file)}: neosl ${before.spec} → ${spec}` +
      (removed ? ` (removed ${relative(projectDir, removed)})` : ''),
  );
  if (options.install) {
    out.info('installing dependencies with npm…');
    await npmInstall(projectDir, (text) => out.info(out.colors.dim(text.trimEnd())), context.env);
  }

  if (out.json) {
    out.data({
      dir: projectDir,
      from: { version: before.version ?? null, spec: before.spec },
      to: { version: source.version, spec },
      source: packed ? 'vendored' : 'registry',
      ...(packed ? { tarball: packed.file } : {}),
      removed: removed ? [relative(projectDir, removed)] : [],
      installed: options.install,
    });
    return;
  }
  const same = from === source.version;
  out.result(
    `neosl ${from} → ${source.version} (${origin})` +
      (same ? `\n${out.colors.dim(`Same version${packed ? ', re-packed' : ''}. To move to another neosl, run that neosl's "upgrade" in this project.`)}` : '') +
      (options.install ? '' : `\nThen install it: ${displayPath(projectDir) === '.' ? '' : `cd ${shellQuote(displayPath(projectDir))} && `}npm install`),
  );
}
