// The environment a function of a built project gets under `neosl serve --from-dir` (a container):
// for each key of its neosl.yaml `environment`, the process environment variable of the same name
// when it is set (a Knative pod sets it from the function's ConfigMap or the project's Secret), else
// the built value with every `${env.NAME}` filled from the process environment. A NAME that is not
// set stops the start, naming the function, the key and the variable.
import { UserError } from '../errors.js';
import { envReferences, expandEnvReferences } from '../config/expand.js';

export function resolveFunctionEnvironment(functionName: string, environment: Readonly<Record<string, string>>, processEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    const fromProcess = processEnv[key];
    if (fromProcess !== undefined) {
      resolved[key] = fromProcess;
      continue;
    }
    const missing = envReferences(value).filter((name) => processEnv[name] === undefined);
    if (missing.length > 0) {
      const variables = missing.join(' and ');
      throw new UserError(
        `function ${functionName}: environment key ${key} refers to ${missing.map((name) => `\${env.${name}}`).join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not set in the process environment`,
        {
          code: 'FUNCTION_ENV_MISSING',
          hint: `set ${key} itself, or ${variables}, in the environment neosl serve starts with (on Kubernetes: the function's ConfigMap or the project's Secret)`,
          details: { function: functionName, key, variables: missing },
        },
      );
    }
    resolved[key] = expandEnvReferences(value, processEnv);
  }
  return resolved;
}
