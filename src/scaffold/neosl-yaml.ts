// The neosl.yaml that `neosl init` writes.
import { Document } from 'yaml';

export function projectConfigYaml(projectName: string, functions: Record<string, Record<string, unknown>>): string {
  const document = new Document({ name: projectName, functions });
  document.commentBefore =
    ' neosl project config. Each function: handler, timeout, memory, environment, scaling,\n' +
    ' rateLimit, triggers (http, schedule, blockchain) and bench. Backends default to in-process\n' +
    ' fakes; set cache.redis.url, database.url or blockchain.rpcUrl to use real services.';
  return document.toString({ lineWidth: 0 });
}
