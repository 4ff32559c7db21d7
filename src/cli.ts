// The commander program: command definitions, global flags, and the one place that maps errors to
// exit codes. Each command's code is imported only when that command runs, so that `neosl --version`
// and `neosl --help` load nothing but commander.
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CommandContext } from './command-context.js';
import { fileSystemUserError, isUserError, UsageError } from './errors.js';
import { createOutput, type OutputStreams } from './output/output.js';
import { errorToJson, formatError } from './output/format-error.js';
import { packageVersion } from './package-info.js';
import { raisedBy, usageFromCommander } from './cli/commander-usage.js';
import { commandWords, GLOBAL_FLAGS } from './cli/command-words.js';
import { loadBuildCommand, startBuildEarly } from './cli/command-bundles.js';

interface GlobalOptions {
  cwd?: string;
  json?: boolean;
  color?: boolean;
}

type Action = (context: CommandContext, args: unknown[], options: Record<string, unknown>, started?: unknown) => Promise<void>;

/**
 * Work a command starts before its code has loaded (a process to boot, say), handed to the command as
 * `started`; cancelled when the command is done or never ran (its code failed to load).
 */
type Prestart = (context: CommandContext) => Promise<{ cancel(): void }>;

/** A repeatable option's values, in order (-q a=1 -q b=2). */
const appendValue = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const examples = `
Examples:
  $ neosl init my-app --template http-api       scaffold a project and install it
  $ neosl templates                              list the templates
  $ neosl new payments --template cached         add a function to the project
  $ neosl invoke hello --data '{"name":"neo"}'   run a function once on the local backends
  $ neosl build --analyze                        bundle every function, with sizes and cold starts
  $ neosl dev                                    run the local emulator with hot reload
  $ neosl bench hello --duration 10s             load-test a function with a live dashboard
  $ neosl chain mine 3                           mine blocks on the emulator's local chain
  $ neosl doctor                                 check Node.js, native modules, ports and services
  $ neosl serve                                  the production host that neosl deploy ships to
  $ neosl deploy --target http://127.0.0.1:8080  build, diff, upload and activate a new version
  $ neosl logs --follow                          a host's requests and function logs, live

Global options work with every command: --cwd <dir>, --json, --no-color (or NO_COLOR=1).
Exit codes: 0 success, 1 failure, 2 bad usage, 3 bench regression.`;

/** `neosl --version`: the version, or with --json `{"version", "node"}` as every --json document is printed. */
function versionText(json: boolean): string {
  return json ? JSON.stringify({ version: packageVersion(), node: process.version }, null, 2) : packageVersion();
}

function buildProgram(
  streams: OutputStreams,
  invoke: (load: () => Promise<Action>, command: Command, args: unknown[], prestart?: Prestart) => Promise<void>,
  { json }: { json: boolean },
): Command {
  const program = new Command('neosl')
    .description('Neo N3 Service Layer functions: scaffold, emulate, bundle, benchmark, deploy.')
    .version(versionText(json), '-v, --version', 'print the neosl version (with --json: {"version", "node"})')
    .helpOption('-h, --help', 'show help')
    .option('--cwd <dir>', 'run as if started in <dir> (default: the nearest folder with neosl.yaml)')
    .option('--json', 'print one JSON document on stdout (human text goes to stderr)')
    .option('--no-color', 'disable colors (also NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .addHelpText('after', examples)
    .configureOutput({
      writeOut: (text) => void streams.stdout.write(text),
      writeErr: (text) => void streams.stderr.write(text),
      // Usage errors are reported by run() in the tool's one error style.
      outputError: () => {},
    });

  const lazy = (load: () => Promise<Action>, prestart?: Prestart) =>
    async function (this: Command, ...rest: unknown[]) {
      const args = rest.slice(0, -2);
      await invoke(load, this, args, prestart);
    };

  program
    .command('init')
    .description('scaffold a project from a template and install it (on a terminal with no arguments: asks for the folder and template)')
    .argument('[dir]', 'folder to create the project in (default: the current folder)')
    .option('-t, --template <name>', 'template to start from (default: hello; see "neosl templates")')
    .option('-n, --name <function>', "the first function's name (default: the template's)")
    .option('-f, --force', 'write into a folder that is not empty, replacing files of the same name')
    .option('--no-install', 'skip "npm install"')
    .addHelpText('after', '\nExamples:\n  $ neosl init\n  $ neosl init my-app --template http-api --name orders')
    .action(lazy(async () => (await import('./commands/init.js')).initCommand));

  program
    .command('upgrade')
    .description("make the project depend on this neosl: re-pack it into vendor/ (or ^<version> from the registry), then npm install")
    .option('--no-install', 'skip "npm install"')
    .addHelpText('after', '\nExamples:\n  $ neosl upgrade\n  $ neosl --cwd my-app upgrade --no-install --json')
    .action(lazy(async () => (await import('./commands/upgrade.js')).upgradeCommand));

  program
    .command('templates')
    .description('list the templates with a one-line description')
    .addHelpText('after', '\nExample:\n  $ neosl templates --json')
    .action(lazy(async () => (await import('./commands/templates.js')).templatesCommand));

  program
    .command('new')
    .description('add a function to the project: its file, its test and its neosl.yaml entry')
    .argument('<function>', 'the function name (a JavaScript identifier)')
    .option('-t, --template <name>', 'template to start from', 'hello')
    .addHelpText('after', '\nExample:\n  $ neosl new getBalance --template blockchain')
    .action(lazy(async () => (await import('./commands/new.js')).newCommand));

  program
    .command('build')
    .description('bundle each function with esbuild; report sizes and cold starts')
    .argument('[functions...]', 'the functions to build (default: all)')
    .option('-o, --outdir <dir>', 'output folder, relative to the project', 'dist')
    .option('--no-minify', 'keep the bundles readable')
    .option('--analyze', 'show the largest inputs of each bundle, and time each cold start as the median of 5 fresh imports, one at a time (default: one import per function, side by side)')
    .addHelpText('after', '\nExamples:\n  $ neosl build\n  $ neosl build hello --analyze\n  $ neosl build --json')
    .action(lazy(async () => (await loadBuildCommand()).buildCommand, startBuildEarly));

  program
    .command('invoke')
    .description('run a function once on the local backends and print its result')
    .argument('<function>', 'the function to run')
    .option('-d, --data <json>', "the input (the request body of an http function) as JSON; @file reads a file, @- stdin (default: stdin when piped, else the function's sample in neosl.yaml, else {})")
    .option('--data-file <file>', 'read the data from a JSON file')
    .option('-m, --method <method>', "http functions: the request method (default: the sample's, else the first route's; with data, the first route that takes a body)")
    .option('--path <path>', "http functions: the request path, e.g. /items/42 or '/items?limit=5' (default: the sample's, else the route's)")
    .option('-q, --query <name=value>', 'http functions: a query parameter (repeatable)', appendValue)
    .option('-H, --header <header>', "http functions: a request header, 'Name: value' (repeatable)", appendValue)
    .addHelpText(
      'after',
      `\nA function with http routes gets the request neosl dev would give it, and its response is printed:\nthe status line and headers on stderr, the body on stdout (--json: { request, result: { statusCode,\nheaders, body } }). Exit 1 when the function throws or answers 5xx; a 4xx is a result (exit 0).\n\nExamples:\n  $ neosl invoke hello --data '{"name":"neo"}'\n  $ echo '{"name":"neo"}' | neosl invoke hello --json\n  $ neosl invoke items --method POST -d @item.json\n  $ neosl invoke items -m GET -q limit=5 -H 'x-api-key: test'`,
    )
    .action(lazy(async () => (await import('./commands/invoke.js')).invokeCommand));

  program
    .command('dev')
    .description('run the hot-reloading local emulator: routes, state, events, dashboard')
    .option('-p, --port <port>', 'port to listen on (default: neosl.yaml dev.port, 8700; 0 = any free port)')
    .option('--host <host>', 'interface to listen on (default: neosl.yaml dev.host, 127.0.0.1)')
    .option('--no-dashboard', 'print plain timestamped lines instead of the dashboard')
    .option('--persist-to <dir>', 'where the database and the cache persist (default: .neosl/state; ":memory:" for nowhere)')
    .option('--inspect [port]', 'open the Node inspector so functions can be debugged (default port 9229): each instance is a worker target in chrome://inspect or VS Code; an inspector opened by NODE_OPTIONS=--inspect works the same')
    .option('--cpu-prof', "each function instance (a worker thread) writes a CPU profile when it stops (reload, idle, exit) into the project's .neosl/profiles, under Node's name CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile; open it in Chrome DevTools or VS Code")
    .option('--cpu-prof-dir <dir>', 'where the CPU profiles go (implies --cpu-prof; relative to the current folder)')
    .option('--env-file <file>', 'read this .env file instead of the one next to neosl.yaml')
    .addHelpText(
      'after',
      '\nWith --json, stdout is NDJSON: one JSON event per line (ready, request, log, build, reload, error,\n' +
        'metrics, each with a "type"); human text goes to stderr.\n' +
        '\nExamples:\n  $ neosl dev\n  $ neosl dev --port 0 --no-dashboard\n  $ neosl dev --persist-to :memory: --json | jq -c \'select(.type == "request")\'',
    )
    .action(lazy(async () => (await import('./commands/dev.js')).devCommand));

  program
    .command('bench')
    .description('load-test a function on the emulator, or any server on this machine: live dashboard, summary, CI regression gate')
    .argument('[function]', 'the function to load (or --all, or --url alone)')
    .option('-c, --connections <n>', "concurrent connections (default: the function's bench.connections, 50)")
    .option('--duration <duration>', "how long to measure, e.g. 10s (default: the function's bench.duration, 10s)")
    .option('--warmup <duration>', 'load sent before measuring, not counted (default 2s; 0 for none)')
    .option('--rate <n>', 'requests per second over all connections (default: as fast as it answers)')
    .option('-d, --data <json|@file>', "the request body, JSON or @file (default: the function's bench.data, else its sample, else {})")
    .option('--data-file <file>', 'read the request body from a JSON file')
    .option('-m, --method <method>', 'HTTP method (default: the route\'s; POST for /functions/<name>; for --url, POST with a body, else GET)')
    .option('--url <url>', 'load any server on this machine instead of the project (no function or project needed)')
    .option('--all', "run every function of the project with its neosl.yaml bench settings")
    .option('--no-dashboard', 'print a line a second instead of the dashboard')
    .option('--save-baseline <file>', 'write the result, with this machine\'s Node version and CPU')
    .option('--baseline <file>', 'compare with a saved result (--save-baseline or --json output): exit 3 when it regressed')
    .option('--max-regression <percent>', 'how much lower throughput or higher p99 is a regression (default 10)')
    .option('--persist-to <dir>', 'state for the emulator (default ":memory:": a fresh one each run)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ neosl bench hello -c 50 --duration 10s\n  $ neosl bench hello -d @body.json --save-baseline bench/hello.json\n  $ neosl bench --url http://127.0.0.1:3000/ -m POST -d '{}' -c 20 --duration 4s\n  $ neosl bench --all --duration 2s --no-dashboard --json --baseline bench/all.json --max-regression 15`,
    )
    .action(lazy(async () => (await import('./commands/bench.js')).benchCommand));

  const emulatorUrlHelp = 'the neosl dev emulator (default: neosl.yaml dev host and port, 127.0.0.1:8700)';
  const chain = program
    .command('chain')
    .description("drive the running emulator's in-process Neo N3 chain: status, accounts, mine, transfer, tx")
    .addHelpText(
      'after',
      '\nExamples:\n  $ neosl chain status\n  $ neosl chain accounts\n  $ neosl chain mine 5\n  $ neosl chain transfer NaduazyK7WbQxTUwNRyRpREDZARcFpysfi 1.5\n  $ neosl chain transfer NaduazyK7WbQxTUwNRyRpREDZARcFpysfi 10 --asset NEO --no-wait\n  $ neosl chain tx 0x<hash printed by transfer>',
    );
  chain
    .command('status')
    .description('height, best block and the seeded accounts with their NEO and GAS')
    .option('--url <url>', emulatorUrlHelp)
    .action(lazy(async () => (await import('./commands/chain.js')).chainStatusCommand));
  chain
    .command('accounts')
    .description("the seeded accounts with address, script hash, public key, private key (WIF), NEO and GAS: the local chain's public test keys")
    .option('--url <url>', emulatorUrlHelp)
    .addHelpText(
      'after',
      '\nThe keys are answered only to a client on the machine running "neosl dev" (loopback), and only by its\n' +
        'in-process chain. Anyone who has them can spend that chain\'s funds: never use them on MainNet or TestNet.\n' +
        '\nExamples:\n  $ neosl chain accounts\n  $ neosl chain accounts --json | jq -r \'.accounts[0].wif\'',
    )
    .action(lazy(async () => (await import('./commands/chain.js')).chainAccountsCommand));
  chain
    .command('mine')
    .description('mine blocks now (transactions in the mempool land in the first)')
    .argument('[count]', 'how many blocks', '1')
    .option('--url <url>', emulatorUrlHelp)
    .action(lazy(async () => (await import('./commands/chain.js')).chainMineCommand));
  chain
    .command('transfer')
    .description('send NEO, GAS or a NEP-17 token from a seeded account; waits for its block and exits 1 when it FAULTs')
    .argument('<to>', 'the receiving address (N…) or script hash (0x…)')
    .argument('<amount>', "in token units: 1.5 sends 1.5 GAS; NEO is indivisible; a NEP-17 token has its own decimals")
    .option('--asset <asset>', 'NEO, GAS or a NEP-17 contract hash', 'GAS')
    .option('--from <address>', 'a seeded account (default: the first)')
    .option('--no-wait', 'return once submitted, without waiting for the block (with blockInterval: manual it never waits)')
    .option('--url <url>', emulatorUrlHelp)
    .addHelpText('after', '\nExamples:\n  $ neosl chain transfer NaduazyK7WbQxTUwNRyRpREDZARcFpysfi 1.5\n  $ neosl chain transfer NaduazyK7WbQxTUwNRyRpREDZARcFpysfi 2 --asset NEO --json')
    .action(lazy(async () => (await import('./commands/chain.js')).chainTransferCommand));
  chain
    .command('tx')
    .description('a transaction and its application log: block, fees, calls, VM state, exception, Transfer notifications')
    .argument('<hash>', 'the transaction hash (0x optional), as "neosl chain transfer" prints it')
    .option('--url <url>', emulatorUrlHelp)
    .addHelpText('after', '\nExample:\n  $ neosl chain tx 0x<hash> --json   the node\'s shapes: getrawtransaction (verbose) and getapplicationlog')
    .action(lazy(async () => (await import('./commands/chain.js')).chainTxCommand));

  const targetHelp = 'the host: a neosl.yaml deploy target name or a URL (default: deploy.default, else the "neosl login" host)';
  const serve = program
    .command('serve')
    .description('the production host: serves the versions deployed to it (neosl deploy), with tokens, versions, secrets and logs')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--store <dir|url>', 'where bundles, versions, secrets and tokens are kept: a folder (default: .neosl/host), or postgres://user@host:port/db shared by every replica of a cluster (the password in PGPASSWORD: a command line is visible to every user of the machine)')
    .option('--secret-key-file <file>', 'with a postgres:// store: the 32-byte key of the secrets (else NEOSL_SECRET_KEY; the same on every replica)')
    .option('--local-dir <dir>', "with a postgres:// store: this replica's own folder (bundles fetched, embedded data; default .neosl/replica-<port>)")
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM; with --tls-key)')
    .option('--tls-key <file>', "the certificate's private key (PEM)")
    .option('--from-dir <dir>', 'serve one built project read-only (a folder with neosl.yaml and dist/ from "neosl build")')
    .option('--function <name>', 'with --from-dir: serve only this function of the build (a Knative Service per function)')
    .option('--external-triggers', 'with --from-dir: run no schedule or blockchain trigger here; they arrive as CloudEvents at POST /_neosl/events/<function> (from inside the cluster)')
    .option('--triggers-only', 'with --from-dir: the trigger dispatcher: follow the chain and deliver block and contract events to the functions at the URLs in NEOSL_FUNCTION_URLS')
    .addHelpText(
      'after',
      '\nExamples:\n  $ neosl serve token create ci        prints a token once; keep it in your CI secrets\n  $ neosl serve --port 8080\n  $ neosl serve --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem\n  $ neosl serve --from-dir . --port 8080\n  $ neosl serve --from-dir /app --function hello --external-triggers --host 0.0.0.0   one function of a Knative deployment\n  $ PGPASSWORD=… NEOSL_SECRET_KEY=$(cat key.hex) neosl serve --store postgres://neosl@db:5432/neosl --port 8081   one replica of a cluster',
    )
    .action(lazy(async () => (await import('./commands/serve.js')).serveCommand));
  const serveToken = serve.command('token').description("the host's API tokens: create (shown once), list, revoke");
  serveToken
    .command('create')
    .description('create a token and print it once (it is stored hashed)')
    .argument('<name>', 'a name for the token, e.g. ci or alice')
    .option('--store <dir|url>', 'the host store: a folder (default: .neosl/host) or a postgres:// URL')
    .action(lazy(async () => (await import('./commands/serve-token.js')).tokenCreateCommand));
  serveToken
    .command('list')
    .description("the tokens' names, when they were created and last used")
    .option('--store <dir|url>', 'the host store: a folder (default: .neosl/host) or a postgres:// URL')
    .action(lazy(async () => (await import('./commands/serve-token.js')).tokenListCommand));
  serveToken
    .command('revoke')
    .description('revoke a token: the next request with it gets 401')
    .argument('<name>', 'the token name')
    .option('--store <dir|url>', 'the host store: a folder (default: .neosl/host) or a postgres:// URL')
    .action(lazy(async () => (await import('./commands/serve-token.js')).tokenRevokeCommand));

  program
    .command('deploy')
    .description('build, show what changes, upload the bundles the host lacks and activate the new version atomically')
    .argument('[functions...]', 'deploy only these functions (the others keep their active code)')
    .option('--target <name|url>', targetHelp)
    .option('--message <text>', 'a note kept with the version (neosl versions shows it)')
    .option('--dry-run', 'show the diff and what would be uploaded, change nothing')
    .option('--canary <percent>', 'send this share of each function\'s traffic to the new version (1-99)')
    .option('--watch <duration>', 'with --canary: the window after which the host promotes or rolls back, e.g. 2m')
    .option('--max-error-rate <percent>', "with --watch: roll back when the canary's error rate is above this")
    .option('--max-p99-regression <percent>', "with --watch: roll back when the canary's p99 is this much above the stable version's")
    .option('-y, --yes', 'do not ask before removing functions from the host')
    .option('--out <dir>', 'with --target knative: the folder for the Kubernetes/Knative manifests, kustomization, README and image build context (relative to the project)')
    .option('--image <ref>', 'with --target knative: the image the manifests run, e.g. ghcr.io/acme/my-app:1.0 (default: <project>:<build hash>, a local name)')
    .option('--namespace <ns>', 'with --target knative: the Kubernetes namespace (default: default)')
    .option('--force', 'with --target knative: write into an --out folder that holds files neosl did not write')
    .option('--apply', 'with --target knative: then run kubectl apply -k <dir> on the current kubectl context')
    .addHelpText(
      'after',
      '\nExamples:\n  $ neosl deploy --target http://127.0.0.1:8080\n  $ neosl deploy --dry-run\n  $ neosl deploy --message "fix rounding" --json\n  $ neosl deploy --canary 10 --watch 2m --max-error-rate 1 --max-p99-regression 20\n  $ neosl deploy --target knative --out k8s --image ghcr.io/acme/my-app:1.0',
    )
    .action(lazy(async () => (await import('./commands/deploy.js')).deployCommand));
  program
    .command('versions')
    .description("the host's versions of this project, newest first, and which is active")
    .argument('[function]', 'only versions that changed this function')
    .option('--target <name|url>', targetHelp)
    .addHelpText('after', '\nExamples:\n  $ neosl versions\n  $ neosl versions hello --json')
    .action(lazy(async () => (await import('./commands/versions.js')).versionsCommand));
  program
    .command('rollback')
    .description('activate an earlier version atomically (data and secrets are not rolled back)')
    .argument('[function]', 'roll back only this function (a new version with its earlier code and config)')
    .option('--to <version>', 'the version to go back to, e.g. v3 (default: the one before the active one)')
    .option('--target <name|url>', targetHelp)
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExamples:\n  $ neosl rollback --yes\n  $ neosl rollback --to v3\n  $ neosl rollback hello --to v2')
    .action(lazy(async () => (await import('./commands/rollback.js')).rollbackCommand));
  program
    .command('logs')
    .description("a host's requests and function logs; live with --follow")
    .argument('[function]', 'only this function')
    .option('-f, --follow', 'keep streaming new events (reconnects when the connection drops)')
    .option('--since <duration>', 'how far back to start, e.g. 10m or 2h', '10m')
    .option('--status <status>', 'only "error" (5xx and function errors) or "ok"')
    .option('--target <name|url>', targetHelp)
    .addHelpText('after', '\nExamples:\n  $ neosl logs --follow\n  $ neosl logs hello --since 1h --status error --json')
    .action(lazy(async () => (await import('./commands/logs.js')).logsCommand));
  const secrets = program.command('secrets').description("a host's secrets, which functions read with context.secrets.get; values are never printed");
  secrets
    .command('set')
    .description('set a secret from stdin (or --value), so that it stays out of your shell history')
    .argument('<name>', 'the secret name, e.g. API_KEY')
    .option('--value <value>', 'the value (stdin is safer: it stays out of shell history)')
    .option('--target <name|url>', targetHelp)
    .addHelpText('after', "\nExamples:\n  $ printf %s \"$API_KEY\" | neosl secrets set API_KEY\n  $ neosl secrets set API_KEY          then type the value and press Ctrl-D")
    .action(lazy(async () => (await import('./commands/secrets.js')).secretsSetCommand));
  secrets
    .command('list')
    .description('the secret names and when each was set')
    .option('--target <name|url>', targetHelp)
    .action(lazy(async () => (await import('./commands/secrets.js')).secretsListCommand));
  secrets
    .command('rm')
    .description('remove a secret')
    .argument('<name>', 'the secret name')
    .option('--target <name|url>', targetHelp)
    .action(lazy(async () => (await import('./commands/secrets.js')).secretsRemoveCommand));
  program
    .command('login')
    .description('remember a host and its token in your config folder (0600), for deploy, logs, secrets…')
    .argument('<url>', 'the host, e.g. https://fn.example.com')
    .option('--token <token>', 'the token (stdin is safer: it stays out of shell history)')
    .addHelpText('after', '\nExamples:\n  $ printf %s "$TOKEN" | neosl login https://fn.example.com\n  $ neosl login http://127.0.0.1:8080        then paste the token')
    .action(lazy(async () => (await import('./commands/login.js')).loginCommand));
  program
    .command('logout')
    .description('forget a host\'s token (default: the one logged in to)')
    .argument('[url]', 'the host to forget')
    .action(lazy(async () => (await import('./commands/login.js')).logoutCommand));
  program
    .command('whoami')
    .description('which host and token the commands use, and what the host says about them')
    .option('--target <name|url>', targetHelp)
    .action(lazy(async () => (await import('./commands/login.js')).whoamiCommand));

  program
    .command('schema')
    .description('print the JSON Schema of neosl.yaml, for editors to complete and check its keys')
    .option('-o, --out <file>', 'write it to this file instead of stdout')
    .addHelpText(
      'after',
      '\nThe package ships it as node_modules/neosl/schema/neosl.schema.json, which the first line of a\ngenerated neosl.yaml names for VS Code\'s YAML extension (yaml-language-server).\n\nExamples:\n  $ neosl schema > neosl.schema.json\n  $ neosl schema --out .vscode/neosl.schema.json',
    )
    .action(lazy(async () => (await import('./commands/schema.js')).schemaCommand));

  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(program.createArgument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      '\nLoad it in this shell, or install it for good:\n  $ source <(neosl completion bash)   neosl completion bash > ~/.local/share/bash-completion/completions/neosl\n  $ source <(neosl completion zsh)    neosl completion zsh > "${fpath[1]}/_neosl"\n  $ neosl completion fish | source    neosl completion fish > ~/.config/fish/completions/neosl.fish',
    )
    .action(lazy(async () => (await import('./commands/completion.js')).completionCommand(program)));
  // What the completion scripts call on Tab: the function names of the nearest neosl.yaml.
  program
    .command('__complete', { hidden: true })
    .argument('<kind>', 'functions')
    .action(lazy(async () => (await import('./commands/completion.js')).completeValuesCommand));

  program
    .command('doctor')
    .description('check this machine and the project: Node.js, npm, native modules, the dev port, configured services')
    .addHelpText(
      'after',
      '\nEach check is a line (✔ fine, ▲ warning, ✖ failure) with its fix; exit code 1 when one fails.\nRedis, PostgreSQL and the Neo node are checked when neosl.yaml (or NEOSL_REDIS_URL) names them.\n\nExamples:\n  $ neosl doctor\n  $ neosl doctor --json',
    )
    .action(lazy(async () => (await import('./commands/doctor.js')).doctorCommand));

  const withSubcommands = (command: Command): Command[] => [command, ...command.commands.flatMap(withSubcommands)];
  for (const command of withSubcommands(program)) {
    // A usage error points to the help of the command that raised it ("neosl chain transfer --help").
    command.exitOverride((error) => {
      raisedBy.set(error, command);
      throw error;
    });
    if (command !== program) command.showSuggestionAfterError(true).configureOutput(program.configureOutput());
  }
  return program;
}

function resolveCwd(processCwd: string, given: string | undefined): string {
  if (given === undefined) return processCwd;
  const dir = resolve(processCwd, given);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new UsageError(`--cwd ${given}: no such directory (${dir})`);
  return dir;
}

export interface RunOptions extends Partial<OutputStreams> {
  cwd?: string;
}

/** Runs neosl with these arguments and resolves with the exit code; never exits the process. */
export async function run(argv: string[], options: RunOptions = {}): Promise<number> {
  const streams: OutputStreams = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    env: options.env ?? process.env,
  };
  const processCwd = options.cwd ?? process.cwd();
  const wantsJson = argv.includes('--json');
  const wantsColor = !argv.includes('--no-color');

  const program = buildProgram(
    streams,
    async (load, command, args, prestart) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const out = createOutput(streams, { json: globals.json === true, color: globals.color !== false });
      const cwd = resolveCwd(processCwd, globals.cwd);
      // A subcommand sees its parents' options too: `neosl serve token create ci --store DIR` (commander
      // gives --store to `serve`, which defines it as well).
      let inherited: Record<string, unknown> = {};
      for (let parent = command.parent; parent && parent !== program; parent = parent.parent) inherited = { ...parent.opts(), ...inherited };
      const context: CommandContext = { cwd, env: streams.env, out };
      const started = await prestart?.(context);
      try {
        await (await load())(context, args, { ...inherited, ...command.opts() }, started);
      } finally {
        started?.cancel();
      }
    },
    { json: wantsJson },
  );

  // Bare `neosl` (global flags at most): what it can do, on stdout (`neosl | less`); asking is not a failure.
  if (commandWords(argv).length === 0 && argv.every((arg, index) => GLOBAL_FLAGS.has(arg) || arg.startsWith('--cwd=') || argv[index - 1] === '--cwd')) {
    program.outputHelp();
    return 0;
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return report(usageFromCommander(error), streams, wantsJson, wantsColor);
    }
    return report(error, streams, wantsJson, wantsColor);
  }
}

function report(thrown: unknown, streams: OutputStreams, json: boolean, color: boolean): number {
  const error = fileSystemUserError(thrown) ?? thrown;
  if (isUserError(error) && error.alreadyReported) return error.exitCode;
  const out = createOutput(streams, { json, color });
  if (json) out.data(errorToJson(error));
  out.info(formatError(error, out.colors));
  return isUserError(error) ? error.exitCode : 1;
}
