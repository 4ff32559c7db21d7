// `neosl schema`: the JSON Schema of neosl.yaml on stdout, or written to a file with --out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { neoslJsonSchema, neoslJsonSchemaText } from '../config/json-schema.js';
import { fileSystemUserError, UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';

interface SchemaOptions {
  out?: string;
}

export async function schemaCommand(context: CommandContext, _args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as SchemaOptions;
  const { out } = context;
  if (options.out === undefined) {
    // The schema is one JSON document, so it is what stdout holds with or without --json.
    out.data(neoslJsonSchema());
    return;
  }
  const file = resolve(context.cwd, options.out);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, neoslJsonSchemaText());
  } catch (error) {
    const reason = fileSystemUserError(error)?.message.replace(/^cannot \w+ /, '') ?? (error as Error).message;
    throw new UserError(`cannot write the schema to ${displayPath(file, context.cwd)}: ${reason}`, {
      code: 'SCHEMA_NOT_WRITTEN',
      hint: 'pass --out a path in a folder you can write to, or leave --out off to print the schema',
      cause: error,
    });
  }
  if (out.json) out.data({ file });
  out.info(`${out.colors.green('✔')} wrote the JSON Schema of neosl.yaml to ${displayPath(file, context.cwd)}`);
}
