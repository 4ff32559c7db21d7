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

/** What the skeleton's {{placeholders}} stand for. */
export interface SkeletonValues {
  name: string;
  function: string;
  /** The README's Layout row for vendor/, or '' when neosl comes from the registry. */
  vendorRow: string;
}

/**
 * Fills {{key}} placeholders; a line holding only a placeholder whose value is empty is dropped.
 * Unknown keys are left as they are.
 */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text
    .split('\n')
    .filter((line) => {
      const only = /^\{\{(\w+)\}\}$/.exec(line.trim());
      return !(only && values[only[1]!] === '');
    })
    .join('\n')
    .replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/** In each ```sh block of a Markdown text, lines the `# comments` after the commands up in one column. */
export function alignShellComments(markdown: string): string {
  return markdown.replace(/```sh\n([\s\S]*?)```/g, (_block, body: string) => {
    const lines = body.split('\n').map((line) => /^(\S.*?)\s+(# .*)$/.exec(line));
    const width = Math.max(0, ...lines.map((match) => match?.[1]!.length ?? 0));
    const aligned = body.split('\n').map((line, index) => {
      const match = lines[index];
      return match ? `${match[1]!.padEnd(width)}  ${match[2]!}` : line;
    });
    return `\`\`\`sh\n${aligned.join('\n')}\`\`\``;
  });
}

/** The project skeleton shared by all templates, with its placeholders filled in. */
export function planSkeletonFiles(values: SkeletonValues): PlannedFile[] {
  return walk(projectSkeletonDir).map((file) => {
    const parts = relative(projectSkeletonDir, file).split(/[\\/]/);
    const last = parts.length - 1;
    parts[last] = renamedOnCopy[parts[last]!] ?? parts[last]!;
    const filled = fillPlaceholders(readFileSync(file, 'utf8'), { ...values });
    return { path: parts.join('/'), content: file.endsWith('.md') ? alignShellComments(filled) : filled };
  });
}

/** The function's neosl.yaml entry: its handler, then the template's settings. */
export function functionEntry(template: TemplateInfo, functionName: string): Record<string, unknown> {
  return { handler: `functions/${functionName}/index.ts`, ...replaceFunctionName(template.functionConfig, functionName) };
}
