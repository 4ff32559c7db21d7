// The image build context's package.json: what `npm install --omit=dev` installs in the image. neosl
// from the tarball packed into the context's vendor/ (src/scaffold/pack-neosl.ts: neosl is not on the
// public registry), plus every package the bundles left external (image-externals.ts), pinned to the
// version the project has installed. Usually there is none: the bundler inlines everything except
// native addons (better-sqlite3, sharp, … and packages with a binding.gyp).
import { allowedInstallScripts } from '../scaffold/package-json.js';
import type { ExternalPackage } from './image-externals.js';

export interface ImagePackageJsonInput {
  /** The project's name (neosl.yaml `name`, a valid npm name). */
  projectName: string;
  /** The package.json spec of the packed neosl: file:vendor/neosl-<version>.tgz. */
  neoslSpec: string;
  externals: readonly ExternalPackage[];
}

export function imagePackageJson(input: ImagePackageJsonInput): string {
  const dependencies: Record<string, string> = { neosl: input.neoslSpec };
  for (const external of input.externals) {
    if (external.name !== 'neosl') dependencies[external.name] = external.version;
  }
  // npm 11 runs install scripts only when allowScripts approves them: neosl's own native dependencies,
  // and the external packages (native addons, which build or download their binary when installed).
  const allowScripts: Record<string, boolean> = { ...allowedInstallScripts };
  for (const external of input.externals) if (external.name !== 'neosl') allowScripts[external.name] = true;
  const manifest = {
    name: `${input.projectName.slice(0, 208)}-image`,
    version: '0.0.0',
    private: true,
    description: `The container image of the neosl project "${input.projectName}" (neosl deploy --target knative)`,
    engines: { node: '>=20' },
    dependencies,
    allowScripts,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
