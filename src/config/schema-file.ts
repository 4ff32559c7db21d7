// Where the neosl package ships the JSON Schema of neosl.yaml, and how a project's neosl.yaml
// points editors at it. Kept apart from json-schema.ts so that writing a neosl.yaml loads no zod.

/** Relative to the neosl package root; written by the build (`npm run build:schema`). */
export const SCHEMA_FILE_IN_PACKAGE = 'schema/neosl.schema.json';

/**
 * The first line of a generated neosl.yaml (without its "#"): yaml-language-server (VS Code's YAML
 * extension, and the editors built on it) resolves a relative path from the YAML file, and the
 * project's node_modules sits next to neosl.yaml.
 */
export const SCHEMA_MODELINE = `yaml-language-server: $schema=./node_modules/neosl/${SCHEMA_FILE_IN_PACKAGE}`;
