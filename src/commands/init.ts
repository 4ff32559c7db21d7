// `neosl init [dir]`: scaffold a project from a template, then install it.
import { basename, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UsageError, UserError } from '../errors.js';
import { getTemplate } from '../scaffold/catalog.js';
import { functionEntry, planFunctionFiles, planSkeletonFiles, type PlannedFile } from '../scaffold/plan-files.js';
import { neoslDependencySpec, projectPackageJson } from '../scaffold/package-json.js';
import { projectConfigYaml } from '../scaffold/neosl-yaml.js';
import { projectNameFromFolder } from '../scaffold/project-name.js';
import { blockingEntries, writePlannedFiles } from '../scaffold/write-files.js';
import { npmInstall } from '../scaffold/npm-install.js';
import { functionNameProblem, toIdentifier } from '../util/identifier.js';
import { displayPath } from '../util/display-path.js';

interface InitOptions {
  template: string;
  name?: string;
  force?: boolean;
  install: boolean;
}

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

export async function initCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as unknown as InitOptions;
  const { out } = context;
  const dir = resolve(context.cwd, String(args[0] ?? '.'));
  const shownDir = displayPath(dir);

  const template = getTemplate(options.template);
  const functionName = options.name ?? template.defaultName;
  checkFunctionName(functionName);
  const projectName = projectNameFromFolder(basename(dir));

  let blocking: string[];
  try {
    blocking = blockingEntries(dir);
  } catch {
    throw new UserError(`${shownDir} is a file, not a folder`, { code: 'TARGET_NOT_A_FOLDER' });
  }
  if (blocking.length > 0 && !options.force) {
    const listed = blocking.slice(0, 5).join(', ') + (blocking.length > 5 ? `, and ${blocking.length - 5} more` : '');
    throw new UserError(`${shownDir} is not empty (it holds ${listed})`, {
      code: 'TARGET_NOT_EMPTY',
      hint: 'Choose a new folder, e.g. "neosl init my-app", or pass --force to write into it (files of the same name are replaced).',
    });
  }

  const files: PlannedFile[] = [
    ...planSkeletonFiles(projectName),
    { path: 'package.json', content: projectPackageJson(projectName, neoslDependencySpec(), dir) },
    { path: 'neosl.yaml', content: projectConfigYaml(projectName, { [functionName]: functionEntry(template, functionName) }) },
    ...planFunctionFiles(template, functionName),
  ];
  writePlannedFiles(dir, files);
  out.info(`${out.colors.green('✔')} created ${projectName} in ${shownDir} from the "${template.name}" template (function "${functionName}")`);

  if (options.install) {
    out.info('installing dependencies with npm…');
    await npmInstall(dir, (text) => out.info(out.colors.dim(text.trimEnd())), context.env);
  }

  if (out.json) {
    out.data({
      dir,
      name: projectName,
      template: template.name,
      function: functionName,
      files: files.map((file) => file.path).sort(),
      installed: options.install,
    });
    return;
  }
  const steps = [shownDir === '.' ? undefined : `cd ${shownDir}`, options.install ? undefined : 'npm install', 'npm test', 'npx neosl dev'];
  out.result(`\nNext steps:\n${steps.filter(Boolean).map((step) => `  ${step}`).join('\n')}`);
}
