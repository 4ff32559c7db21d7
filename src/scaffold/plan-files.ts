// Turning a template into the files to write: nothing touches the disk here, so that every
// check can fail before the first file is written.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectSkeletonDir, type TemplateInfo } from './catalog.js';

export interface PlannedFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  content: string;
}

/** The identifier that stands for the function's name inside template files. */
export const functionNamePlaceholder = '__fn__';

const renamedOnCopy: Record<string, string> = { _gitignore: '.gitignore' };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

export function replaceFunctionName<T>(value: T, functionName: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(functionNamePlaceholder, functionName)) as T;
}

/** functions/<name>/… from the template's source files (template.json stays behind). */
export function planFunctionFiles(template: TemplateInfo, functionName: string): PlannedFile[] {
  return walk(template.dir)
    .filter((file) => relative(template.dir, file) !== 'template.json')
    .map((file) => ({
      path: `functions/${functionName}/${relative(template.dir, file).split('\\').join('/')}`,
      content: readFileSync(file, 'utf8').replaceAll(functionNamePlaceholder, functionName),
    }));
}

/** The project skeleton shared by all templates, with {{name}} filled in. */
export function planSkeletonFiles(projectName: string): PlannedFile[] {
  return walk(projectSkeletonDir).map((file) => {
    const parts = relative(projectSkeletonDir, file).split(/[\\/]/);
    const last = parts.length - 1;
    parts[last] = renamedOnCopy[parts[last]!] ?? parts[last]!;
    return { path: parts.join('/'), content: readFileSync(file, 'utf8').replaceAll('{{name}}', projectName) };
  });
}

/** The function's neosl.yaml entry: its handler, then the template's settings. */
export function functionEntry(template: TemplateInfo, functionName: string): Record<string, unknown> {
  return { handler: `functions/${functionName}/index.ts`, ...replaceFunctionName(template.functionConfig, functionName) };
}
