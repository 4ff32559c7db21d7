// `neosl deploy --target knative --out DIR`: build the project, then write its Kubernetes/Knative
// manifests (validated first), a kustomization, a README and the image build context into DIR;
// with --apply, hand DIR to `kubectl apply -k`. The parts live in src/knative/.
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { loadConfig } from '../config/load.js';
import type { LoadedConfig } from '../config/types.js';
import { versionHash } from '../deploy/deploy-plan.js';
import { projectSettings } from '../deploy/project-settings.js';
import { UsageError } from '../errors.js';
import type { VersionFunction } from '../host/api-types.js';
import { packageVersion } from '../package-info.js';
import { displayPath } from '../util/display-path.js';
import { defaultImage, parseImageReference } from '../knative/container-image.js';
import { writeImageContext } from '../knative/image-context.js';
import { applyKustomization } from '../knative/kubectl.js';
import { kustomization, KUSTOMIZATION_FILE } from '../knative/kustomization.js';
import { FUNCTION_ANNOTATION } from '../knative/labels.js';
import { DEFAULT_NAMESPACE, knativeManifests, type KnativeManifests } from '../knative/manifests.js';
import { NAMESPACE_NAME, projectDnsName } from '../knative/names.js';
import { givenFlags, HOST_ONLY_FLAGS, KNATIVE_ONLY_FLAGS, KNATIVE_TARGET } from '../knative/flags.js';
import { NoticeList } from '../knative/notices.js';
import { checkOutDir, IMAGE_FOLDER, prepareOutDir, writeMarker, writeOutFile } from '../knative/out-dir.js';
import { rawEnvironments } from '../knative/raw-environment.js';
import { nextCommands, readme, secretCommand } from '../knative/readme.js';
import { clusterUrl } from '../knative/dispatcher.js';
import { validateResources } from '../knative/validation.js';
import { yamlFile } from '../knative/yaml-file.js';
import { buildFunctions } from './deploy.js';

const README_FILE = 'README.md';

export interface KnativeDeployOptions {
  target?: string;
  out?: string;
  image?: string;
  namespace?: string;
  force?: boolean;
  apply?: boolean;
}

const EXAMPLE = 'e.g. neosl deploy --target knative --out k8s --image ghcr.io/acme/my-app:1.0';

/** Usage errors, before anything is loaded or built. */
function checkUsage(rawOptions: Record<string, unknown>, names: string[]): void {
  const options = rawOptions as KnativeDeployOptions;
  const knativeFlags = givenFlags(rawOptions, KNATIVE_ONLY_FLAGS);
  if (options.target !== KNATIVE_TARGET) {
    throw new UsageError(`${knativeFlags.join(', ')} ${knativeFlags.length === 1 ? 'is' : 'are'} only for --target knative (Kubernetes/Knative manifests)`, { hint: EXAMPLE });
  }
  if (options.out === undefined || options.out.trim() === '') {
    throw new UsageError('--target knative needs --out <dir>: the folder the manifests and the image build context are written to', { hint: EXAMPLE });
  }
  const hostFlags = givenFlags(rawOptions, HOST_ONLY_FLAGS);
  if (hostFlags.length > 0) {
    throw new UsageError(`${hostFlags.join(', ')} ${hostFlags.length === 1 ? 'is' : 'are'} for deploying to a neosl serve host, not with --target knative`, {
      hint: 'Knative keeps revisions itself: roll out or split traffic with kubectl or kn',
    });
  }
  if (names.length > 0) {
    throw new UsageError(`--target knative writes the manifests of every function of the project, not of some (${names.join(', ')})`, { hint: EXAMPLE });
  }
  if (options.namespace !== undefined && !NAMESPACE_NAME.test(options.namespace)) {
    throw new UsageError(`--namespace "${options.namespace}" is not a valid Kubernetes namespace (lower-case letters, digits and "-", at most 63 characters)`, {
      hint: 'e.g. --namespace my-app',
    });
  }
}

/** The hash a neosl host would give this build, from the configs as neosl.yaml writes them (no .env value in it). */
function buildHash(loaded: LoadedConfig, functions: Map<string, VersionFunction>, raw: ReadonlyMap<string, Record<string, string>>): string {
  const written = Object.fromEntries([...functions].map(([name, fn]) => [name, { ...fn, config: { ...fn.config, environment: raw.get(name) ?? {} } }]));
  return versionHash({ project: loaded.config.name, functions: written, settings: projectSettings(loaded.file, loaded.config) });
}

/** DIR as the user reads it in commands: from the project folder when inside it. */
function dirFromProject(dir: string, projectDir: string): string {
  const shown = relative(projectDir, dir);
  return shown !== '' && !shown.startsWith('..') && !isAbsolute(shown) ? shown : dir;
}

function generate(loaded: LoadedConfig, raw: ReadonlyMap<string, Record<string, string>>, image: string, namespace: string, notices: NoticeList): KnativeManifests {
  return knativeManifests({ loaded, rawEnvironments: raw, settings: projectSettings(loaded.file, loaded.config), image, namespace }, notices);
}

/**
 * Handles `neosl deploy` when it asks for Knative manifests (src/knative/flags.ts wantsKnative). Returns false only for
 * a bare `--target knative` in a project whose neosl.yaml names a host target "knative": that host is meant.
 */
export async function deployKnativeCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<boolean> {
  const options = rawOptions as KnativeDeployOptions;
  const names = (args[0] as string[] | undefined) ?? [];
  const { out } = context;
  let loaded: LoadedConfig | undefined;
  if (options.target === KNATIVE_TARGET && givenFlags(rawOptions, KNATIVE_ONLY_FLAGS).length === 0) {
    loaded = await loadConfig({ cwd: context.cwd, env: context.env });
    if (loaded.config.deploy.targets[KNATIVE_TARGET] !== undefined) return false;
  }
  checkUsage(rawOptions, names);
  const given = options.image !== undefined ? parseImageReference(options.image) : undefined;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;

  loaded ??= await loadConfig({ cwd: context.cwd, env: context.env });
  const dir = resolve(loaded.dir, options.out!);
  const shownDir = dirFromProject(dir, loaded.dir);
  const outDir = checkOutDir(dir, loaded.dir, options.force === true);
  const raw = rawEnvironments(loaded);
  // Bad input (a cron Knative cannot express, clashing environment names) fails before the build.
  generate(loaded, raw, given?.reference ?? 'placeholder:0', namespace, new NoticeList());

  out.info(`Writing Knative manifests for ${loaded.config.name} into ${displayPath(dir)}…`);
  const built = await buildFunctions(context, loaded, Object.values(loaded.config.functions));
  const image = given?.reference ?? defaultImage(projectDnsName(loaded.config.name), buildHash(loaded, built.functions, raw));
  const notices = new NoticeList();
  if (given === undefined) notices.notice(`no --image: the manifests name the local image ${image}; pass --image <registry>/<name>:<tag> (one the cluster can pull) before applying`);
  else if (given.tag === undefined && given.digest === undefined) notices.notice(`--image ${given.reference} has no tag: the cluster pulls :latest (Knative pins the digest it finds at each deploy)`);
  if (given === undefined && options.apply === true) notices.warn(`--apply without --image: the cluster must be able to pull the local name ${image}, which no registry has unless you pushed it there`);
  if (outDir.forced) notices.notice(`${displayPath(dir)} held files neosl did not write (--force): files of the same name were replaced, the others kept`);
  const manifests = generate(loaded, raw, image, namespace, notices);

  const manifestFiles = manifests.files.map((file) => file.file);
  const kustomize = kustomization(manifestFiles, namespace);
  validateResources([...manifests.files, { file: KUSTOMIZATION_FILE, resource: kustomize }]);

  const neoslVersion = packageVersion();
  const header = (what: string) => [`${what}`, `Generated by neosl ${neoslVersion} (neosl deploy --target knative) from neosl.yaml: a new run replaces this file.`];
  const written = [...manifestFiles, KUSTOMIZATION_FILE, README_FILE];
  const marker = { neosl: neoslVersion, project: loaded.config.name, files: written };
  prepareOutDir(outDir, marker);
  for (const file of manifests.files) {
    const fn = (file.resource.metadata as { annotations?: Record<string, string> }).annotations?.[FUNCTION_ANNOTATION];
    writeOutFile(dir, file.file, yamlFile(file.resource, header(`${file.kind} ${file.name}${fn !== undefined ? ` (function ${fn})` : ''}`)));
  }
  writeOutFile(dir, KUSTOMIZATION_FILE, yamlFile(kustomize, header(`kubectl apply -k ${shownDir} (from the project folder) applies these resources`)));
  const imageContext = writeImageContext({ projectDir: loaded.dir, loaded, outdir: join(dir, IMAGE_FOLDER) });
  writeOutFile(dir, README_FILE, readme({ manifests, projectName: loaded.config.name, dir: shownDir, defaultImage: given === undefined, neoslVersion, warnings: notices.warnings }));
  writeMarker(dir, marker);

  report(context, { manifests, dir, written, imageFiles: imageContext.files, notices });
  let applied: string[] | undefined;
  if (options.apply === true) {
    out.info(`Applying: kubectl apply -k ${displayPath(dir)}`);
    applied = await applyKustomization(dir, context.env, (line) => out.info(`  ${line}`));
  }

  const services = manifests.services.map((service) => ({
    function: service.function,
    service: service.service,
    visibility: service.public ? 'public' : 'cluster-local',
    ...(service.public ? {} : { url: clusterUrl(service.service, namespace) }),
  }));
  if (out.json) {
    out.data({
      out: dir,
      image,
      namespace,
      services,
      resources: manifestFiles,
      files: [...written, ...imageContext.files.map((file) => `${IMAGE_FOLDER}/${file}`)],
      secret: manifests.secret,
      ...(manifests.dispatcher !== undefined ? { dispatcher: manifests.dispatcher } : {}),
      warnings: notices.warnings,
      notices: notices.notices,
      ...(applied !== undefined ? { applied } : {}),
    });
    return true;
  }
  const commands = nextCommands(image, displayPath(dir));
  if (applied !== undefined) out.result(`Applied ${applied.length} resource${applied.length === 1 ? '' : 's'} to the cluster (namespace ${namespace}).`);
  else out.result(['Next:', `  ${commands.build} && ${commands.push}`, `  ${commands.apply}`].join('\n'));
  return true;
}

interface ReportInput {
  manifests: KnativeManifests;
  dir: string;
  written: string[];
  imageFiles: string[];
  notices: NoticeList;
}

/** What was written: function → service and how it is reached, the dispatcher, the files; then notices and warnings. */
function report(context: CommandContext, input: ReportInput): void {
  const { out } = context;
  const { manifests } = input;
  const rows = manifests.services.map((service) => {
    const reached = [
      ...(service.public ? ['http (public)'] : ['cluster-local']),
      ...service.schedules.map((cron) => `schedule ${cron}`),
      ...(manifests.dispatcher?.functions.includes(service.function) ? ['blockchain via the dispatcher'] : []),
    ];
    return [service.function, service.service, reached.join(' · ')];
  });
  const table = [['function', 'service', 'triggered by'], ...rows];
  const widths = [0, 1].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  out.info(`${out.colors.green('✔')} wrote ${displayPath(input.dir)} (namespace ${manifests.namespace}, image ${manifests.image}):`);
  table.forEach((row, index) => {
    const line = `  ${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`;
    out.info(index === 0 ? out.colors.dim(line) : line);
  });
  if (manifests.dispatcher !== undefined) out.info(`  dispatcher: Deployment ${manifests.dispatcher.name} (1 replica) → ${manifests.dispatcher.functions.join(', ')}`);
  out.info(`  ${input.written.length + 1} files (${input.written.join(', ')}, .neosl-knative.json) and the image build context ${IMAGE_FOLDER}/ (${input.imageFiles.length} files)`);
  if (manifests.secret.keys.length > 0) {
    out.info(`  Secret ${manifests.secret.name} (not written: create it before applying) with the keys ${manifests.secret.keys.join(', ')}:`);
    out.info(`    ${secretCommand(manifests)}`);
  }
  for (const item of input.notices.items) {
    out.info(item.level === 'warning' ? `${out.colors.yellow(out.colors.bold('▲ warning'))} ${item.message}` : `${out.colors.cyan('notice')} ${item.message}`);
  }
}
