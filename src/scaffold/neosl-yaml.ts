// The neosl.yaml that `neosl init` writes. Its first line names the JSON Schema the neosl package
// ships, so that editors with yaml-language-server complete and check its keys.
import { Document } from 'yaml';
import { SCHEMA_MODELINE } from '../config/schema-file.js';

export function projectConfigYaml(projectName: string, functions: Record<string, Record<string, unknown>>): string {
  const document = new Document({ name: projectName, functions });
  document.commentBefore =
    ` ${SCHEMA_MODELINE}\n` +
    ' neosl project config. Each function: handler, timeout, memory, environment, scaling,\n' +
    ' rateLimit, triggers (http, schedule, blockchain) and bench. Backends default to in-process\n' +
    ' fakes; set cache.redis.url, database.url or blockchain.rpcUrl to use real services.';
  return document.toString({ lineWidth: 0 });
}
