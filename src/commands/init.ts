// `neosl init [dir]`: scaffold a project from a template, make it depend on the running neosl (from
// the registry, or packed into vendor/), then install it. With nothing given on a terminal, it asks.
import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UsageError, UserError } from '../errors.js';
import { getTemplate, listTemplates } from '../scaffold/catalog.js';
import { functionEntry, planFunctionFiles, planSkeletonFiles, type PlannedFile } from '../scaffold/plan-files.js';
import { projectPackageJson } from '../scaffold/package-json.js';
import { projectConfigYaml } from '../scaffold/neosl-yaml.js';
import { projectNameFromFolder } from '../scaffold/project-name.js';
import { blockingEntries, writePlannedFiles } from '../scaffold/write-files.js';
import { npmInstall } from '../scaffold/npm-install.js';
import { detectNeoslSource, registryRange } from '../scaffold/neosl-source.js';
import { packIntoProject, vendorFolder, type PackedPackage } from '../scaffold/pack-neosl.js';
import { freeFolderBeside, freeFolderIn } from '../scaffold/free-folder.js';
import { shellQuote } from '../scaffold/shell-quote.js';
import { promptInitChoices } from '../scaffold/init-prompts.js';
import { functionNameProblem, toIdentifier } from '../util/identifier.js';
import { displayPath } from '../util/display-path.js';

interface InitOptions {
  template?: string;
  name?: string;
  force?: boolean;
  install: boolean;
}

const defaultTemplate = 'hello';
const defaultFolder = 'my-app';

export function checkFunctionName(name: string): void {
  const problem = functionNameProblem(name);
  if (problem) {
    const suggestion = toIdentifier(name);
    throw new UsageError(`invalid function name "${name}": ${problem}`, {
      code: 'INVALID_FUNCTION_NAME',
      hint: suggestion && !functionNameProblem(suggestion) ? `Try "${suggestion}".` : 'Use a name like "getBalance".',
    });
  }
}

/** The entries that keep `dir` from holding a new project, or undefined when it is a file. */
function folderBlockers(dir: string): string[] | undefined {
  try {
    return blockingEntries(dir);
  } catch {
    return undefined;
  }
}

/** Prompts only on a terminal, and only when nothing was given: flags and scripts keep their behaviour. */
function shouldPrompt(context: CommandContext, dirArg: string | undefined, options: InitOptions): boolean {
  const given = dirArg !== undefined || options.template !== undefined || options.name !== undefined || options.force === true || !options.install;
  return !given && !context.out.json && process.stdin.isTTY === true && process.stdout.isTTY === true && process.stderr.isTTY === true;
}

async function askForChoices(context: CommandContext): Promise<{ folder: string; template: string }> {
  const templates = listTemplates();
  return promptInitChoices(
    { input: process.stdin, output: process.stderr },
    {
      templates,
      defaultTemplate,
      defaultFolder: displayPath(freeFolderIn(context.cwd, defaultFolder), context.cwd),
      folderProblem: (folder) => {
        const dir = resolve(context.cwd, folder);
        const blockers = folderBlockers(dir);
        if (blockers !== undefined && blockers.length === 0) return undefined;
        return {
          problem: blockers === undefined ? `${folder} is a file` : `${folder} is not empty`,
          suggestion: displayPath(freeFolderBeside(dir), context.cwd),
        };
      },
    },
  );
}

/** `neosl init <a free folder> <the same flags>`, to offer when the chosen folder is taken. */
function retryCommand(context: CommandContext, dir: string, options: InitOptions): string {
  const free = dir === context.cwd ? freeFolderIn(dir, defaultFolder) : freeFolderBeside(dir);
  const words = ['neosl', 'init', shellQuote(displayPath(free))];
  if (options.template !== undefined) words.push('--template', shellQuote(options.template));
  if (options.name !== undefined) words.push('--name', shellQuote(options.name));
  if (!options.install) words.push('--no-install');
  return words.join(' ');
}

export async function initCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as unknown as InitOptions;
  const { out } = context;
  let dirArg = args[0] === undefined ? undefined : String(args[0]);
  let templateName = options.template ?? defaultTemplate;
  if (shouldPrompt(context, dirArg, options)) {
    const choices = await askForChoices(context);
    dirArg = choices.folder;
    templateName = choices.template;
  }
  const dir = resolve(context.cwd, dirArg ?? '.');
  const shownDir = displayPath(dir);

  const template = getTemplate(templateName);
  const functionName = options.name ?? template.defaultName;
  checkFunctionName(functionName);
  const projectName = projectNameFromFolder(basename(dir));

  const blocking = folderBlockers(dir);
  if (blocking === undefined) {
    throw new UserError(`${shownDir} is a file, not a folder`, {
      code: 'TARGET_NOT_A_FOLDER',
      hint: `Create the project in a folder that does not exist yet:\n  ${retryCommand(context, dir, options)}`,
    });
  }
  if (blocking.length > 0 && !options.force) {
    const listed = blocking.slice(0, 5).join(', ') + (blocking.length > 5 ? `, and ${blocking.length - 5} more` : '');
    throw new UserError(`${shownDir} is not empty (it holds ${listed})`, {
      code: 'TARGET_NOT_EMPTY',
      hint:
        `Create the project in a folder that does not exist yet:\n  ${retryCommand(context, dir, options)}\n` +
        `or pass --force to write into ${shownDir} (files of the same name are replaced).`,
    });
  }

  // The project depends on the running neosl: the registry's when it came from there, else a copy
  // of it packed into vendor/ (a checkout, a link, a vendored project's own neosl).
  const source = detectNeoslSource();
  let packed: PackedPackage | undefined;
  if (source.kind === 'local') {
    const created = [dir, join(dir, vendorFolder)].filter((folder) => !existsSync(folder));
    try {
      packed = packIntoProject(dir, source.root);
    } catch (error) {
      for (const folder of created.reverse()) rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    out.info(
      `${out.colors.green('✔')} packed neosl ${packed.version} into ${packed.file} (${Math.round(packed.bytes / 1024)} kB, ${packed.milliseconds} ms), ` +
        `as it is not from the npm registry: ${source.reason}`,
    );
  }
  const neoslSpec = packed?.spec ?? registryRange(source.version);

  const files: PlannedFile[] = [
    ...planSkeletonFiles({
      name: projectName,
      function: functionName,
      vendorRow: packed
        ? `| \`${vendorFolder}/\` | the neosl package that package.json installs (packed by \`neosl init\`: it was not installed from the npm registry); commit it. \`neosl upgrade\`, run with another neosl, replaces it |`
        : '',
    }),
    { path: 'package.json', content: projectPackageJson(projectName, neoslSpec) },
    { path: 'neosl.yaml', content: projectConfigYaml(projectName, { [functionName]: functionEntry(template, functionName) }) },
    ...planFunctionFiles(template, functionName),
  ];
  writePlannedFiles(dir, files);
  out.info(`${out.colors.green('✔')} created ${projectName} in ${shownDir} from the "${template.name}" template (function "${functionName}")`);

  if (options.install) {
    out.info('installing dependencies with npm…');
    await npmInstall(dir, (text) => out.info(out.colors.dim(text.trimEnd())), context.env);
  }

  const steps = [
    shownDir === '.' ? undefined : `cd ${shellQuote(shownDir)}`,
    options.install ? undefined : 'npm install',
    'npm test',
    `npx neosl invoke ${functionName}`,
    'npx neosl dev',
  ].filter((step): step is string => step !== undefined);

  if (out.json) {
    out.data({
      dir,
      name: projectName,
      template: template.name,
      function: functionName,
      files: [...files.map((file) => file.path), ...(packed ? [packed.file] : [])].sort(),
      neosl: { version: source.version, spec: neoslSpec, source: packed ? 'vendored' : 'registry' },
      installed: options.install,
      nextSteps: steps,
    });
    return;
  }
  out.result(`\nNext steps:\n${steps.map((step) => `  ${step}`).join('\n')}`);
}
