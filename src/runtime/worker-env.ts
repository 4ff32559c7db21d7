// The process.env of an instance: the function's own environment (.env, neosl.yaml `environment`)
// over the few variables of this machine that programs expect to find (PATH, HOME, locale, time
// zone, temp folder, CA certificates). Nothing else of the shell that started neosl: its tokens and
// keys (PROD_TOKEN, NEOSL_WIF, cloud credentials) are secrets, which a function reads through
// context.secrets.get, and only with `secrets:read`.
const MACHINE_VARIABLES = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'NODE_EXTRA_CA_CERTS',
  // Windows
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
];

export function instanceEnvironment(host: NodeJS.ProcessEnv, functionEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of MACHINE_VARIABLES) {
    const value = host[name];
    if (value !== undefined) env[name] = value;
  }
  return Object.assign(env, functionEnv);
}
