// The templates shipped in the package's templates/ folder, read from their template.json files.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { packageRoot } from '../package-info.js';
import { didYouMean } from '../util/suggest.js';

export interface TemplateInfo {
  name: string;
  description: string;
  /** The function name used when none is given. */
  defaultName: string;
  /** Absolute path of the template's folder. */
  dir: string;
  /** The function's neosl.yaml entry (without handler), with the __fn__ placeholder. */
  functionConfig: Record<string, unknown>;
}

export const templatesDir: string = join(packageRoot, 'templates');
export const projectSkeletonDir: string = join(templatesDir, '_project');

function readTemplate(name: string): TemplateInfo {
  const dir = join(templatesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'template.json'), 'utf8')) as {
    description?: unknown;
    defaultName?: unknown;
    function?: unknown;
  };
  if (typeof manifest.description !== 'string' || typeof manifest.defaultName !== 'string') {
    throw new Error(`templates/${name}/template.json needs "description" and "defaultName" strings`);
  }
  const functionConfig = (manifest.function ?? {}) as Record<string, unknown>;
  return { name, description: manifest.description, defaultName: manifest.defaultName, dir, functionConfig };
}

export function listTemplates(): TemplateInfo[] {
  return readdirSync(templatesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && existsSync(join(templatesDir, entry.name, 'template.json')))
    .map((entry) => readTemplate(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function getTemplate(name: string): TemplateInfo {
  const templates = listTemplates();
  const found = templates.find((template) => template.name === name);
  if (found) return found;
  const names = templates.map((template) => template.name);
  const suggestion = didYouMean(name, names);
  throw new UsageError(`unknown template "${name}"`, {
    code: 'UNKNOWN_TEMPLATE',
    hint: `${suggestion ? `${suggestion} ` : ''}The templates are: ${names.join(', ')} (see "neosl templates").`,
  });
}
