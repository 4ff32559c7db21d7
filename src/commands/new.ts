// `neosl new <function>`: add a function to the project (its file, its test, its neosl.yaml entry).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UserError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { addFunctionToConfig } from '../config/edit.js';
import { getTemplate } from '../scaffold/catalog.js';
import { functionEntry, planFunctionFiles } from '../scaffold/plan-files.js';
import { writePlannedFiles } from '../scaffold/write-files.js';
import { checkFunctionName } from './init.js';
import { displayPath } from '../util/display-path.js';

export async function newCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const functionName = String(args[0]);
  const templateName = String(rawOptions.template ?? 'hello');
  const { out } = context;

  checkFunctionName(functionName);
  const template = getTemplate(templateName);
  const project = await loadConfig({ cwd: context.cwd, env: context.env });
  const shownConfig = displayPath(project.file);

  if (Object.hasOwn(project.config.functions, functionName)) {
    throw new UserError(`function "${functionName}" already exists in ${shownConfig}`, {
      code: 'FUNCTION_EXISTS',
      hint: 'Pick another name, or edit the existing function.',
    });
  }
  const functionDir = join(project.dir, 'functions', functionName);
  if (existsSync(functionDir)) {
    throw new UserError(`${displayPath(functionDir)} already exists`, {
      code: 'FUNCTION_EXISTS',
      hint: 'Move it away or pick another name; neosl new never overwrites files.',
    });
  }

  const files = planFunctionFiles(template, functionName);
  writePlannedFiles(project.dir, files);
  try {
    await addFunctionToConfig(project.file, functionName, functionEntry(template, functionName));
  } catch (error) {
    rmSync(functionDir, { recursive: true, force: true });
    throw error;
  }

  if (out.json) {
    out.data({ function: functionName, template: template.name, config: project.file, files: files.map((file) => file.path) });
    return;
  }
  out.result(
    `${out.colors.green('✔')} added function "${functionName}" from the "${template.name}" template\n` +
      files.map((file) => `  ${file.path}`).join('\n') +
      `\n  ${shownConfig} (functions.${functionName})`,
  );
}
