// The commander program: command definitions, global flags, and the one place that maps errors to
// exit codes. Each command's code is imported only when that command runs, so that `neosl --version`
// and `neosl --help` load nothing but commander.
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { CommandContext } from './command-context.js';
import { fileSystemUserError, isUserError, UsageError } from './errors.js';
import { createOutput, type OutputStreams } from './output/output.js';
import { errorToJson, formatBug, formatUserError } from './output/format-error.js';
import { packageVersion } from './package-info.js';

interface GlobalOptions {
  cwd?: string;
  json?: boolean;
  color?: boolean;
}

type Action = (context: CommandContext, args: unknown[], options: Record<string, unknown>) => Promise<void>;

const examples = `
Examples:
  $ neosl init my-app --template http-api   scaffold a project and install it
  $ neosl templates                          list the templates
  $ neosl new payments --template cached     add a function to the project
  $ neosl invoke hello --data '{"name":"neo"}'  run a function once on the local backends
  $ neosl build --analyze                    bundle every function, with sizes and cold starts
  $ neosl dev                                run the local emulator with hot reload
  $ neosl bench hello -d 10s                 load-test a function with a live dashboard
  $ neosl chain mine 3                       mine blocks on the emulator's local chain

Global options work with every command: --cwd <dir>, --json, --no-color (or NO_COLOR=1).
Exit codes: 0 success, 1 failure, 2 bad usage, 3 bench regression.`;

function buildProgram(streams: OutputStreams, invoke: (action: Action, command: Command, args: unknown[]) => Promise<void>): Command {
  const program = new Command('neosl')
    .description('Local development for Neo N3 Service Layer functions: scaffold, emulate, bundle, benchmark.')
    .version(packageVersion(), '-v, --version', 'print the neosl version')
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
    })
    .exitOverride();

  const lazy = (load: () => Promise<Action>) =>
    async function (this: Command, ...rest: unknown[]) {
      const args = rest.slice(0, -2);
      await invoke(await load(), this, args);
    };

  program
    .command('init')
    .description('scaffold a project from a template and install it')
    .argument('[dir]', 'folder to create the project in', '.')
    .addOption(new Option('-t, --template <name>', 'template to start from (see "neosl templates")').default('hello'))
    .option('-n, --name <function>', "the first function's name (default: the template's)")
    .option('-f, --force', 'write into a folder that is not empty, replacing files of the same name')
    .option('--no-install', 'skip "npm install"')
    .addHelpText('after', '\nExample:\n  $ neosl init my-app --template http-api --name orders')
    .action(lazy(async () => (await import('./commands/init.js')).initCommand));

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
    .option('--analyze', 'show the largest inputs of each bundle')
    .addHelpText('after', '\nExamples:\n  $ neosl build\n  $ neosl build hello --analyze\n  $ neosl build --json')
    .action(lazy(async () => (await import('./commands/build.js')).buildCommand));

  program
    .command('invoke')
    .description('run a function once on the local backends and print its result')
    .argument('<function>', 'the function to run')
    .option('-d, --data <json>', 'the input as JSON (default: JSON piped on stdin, else {})')
    .option('-f, --data-file <file>', 'read the input from a JSON file')
    .addHelpText('after', `\nExamples:\n  $ neosl invoke hello --data '{"name":"neo"}'\n  $ echo '{"name":"neo"}' | neosl invoke hello --json`)
    .action(lazy(async () => (await import('./commands/invoke.js')).invokeCommand));

  program
    .command('dev')
    .description('run the hot-reloading local emulator: routes, state, events, dashboard')
    .option('-p, --port <port>', 'port to listen on (default: neosl.yaml dev.port, 8700; 0 = any free port)')
    .option('--host <host>', 'interface to listen on (default: neosl.yaml dev.host, 127.0.0.1)')
    .option('--no-dashboard', 'print plain timestamped lines instead of the dashboard')
    .option('--persist-to <dir>', 'where the database and the cache persist (default: .neosl/state; ":memory:" for nowhere)')
    .option('--inspect [port]', 'open the Node inspector so functions can be debugged (default port 9229)')
    .option('--env-file <file>', 'read this .env file instead of the one next to neosl.yaml')
    .addHelpText('after', '\nExamples:\n  $ neosl dev\n  $ neosl dev --port 0 --no-dashboard\n  $ neosl dev --persist-to :memory: --json')
    .action(lazy(async () => (await import('./commands/dev.js')).devCommand));

  program
    .command('bench')
    .description('load-test a function on the emulator: live dashboard, summary, CI regression gate')
    .argument('[function]', 'the function to load (or --all)')
    .option('-c, --connections <n>', "concurrent connections (default: the function's bench.connections, 50)")
    .option('-d, --duration <duration>', "how long to measure, e.g. 10s (default: the function's bench.duration, 10s)")
    .option('--warmup <duration>', 'load sent before measuring, not counted (default 2s; 0 for none)')
    .option('--rate <n>', 'requests per second over all connections (default: as fast as it answers)')
    .option('--data <json>', "the request body (default: the function's bench.data, else {})")
    .option('--data-file <file>', 'read the request body from a JSON file')
    .option('-m, --method <method>', 'HTTP method (default: the route\'s, POST for /functions/<name>)')
    .option('--url <url>', 'load this URL on this machine instead of starting the emulator')
    .option('--all', "run every function of the project with its neosl.yaml bench settings")
    .option('--no-dashboard', 'print a line a second instead of the dashboard')
    .option('--save-baseline <file>', 'write the result, with this machine\'s Node version and CPU')
    .option('--baseline <file>', 'compare with a saved result: exit 3 when it regressed')
    .option('--max-regression <percent>', 'how much lower throughput or higher p99 is a regression (default 10)')
    .option('--persist-to <dir>', 'state for the emulator (default ":memory:": a fresh one each run)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ neosl bench hello -c 50 -d 10s\n  $ neosl bench hello --save-baseline bench/hello.json\n  $ neosl bench --all --duration 2s --no-dashboard --json --baseline bench/all.json --max-regression 15`,
    )
    .action(lazy(async () => (await import('./commands/bench.js')).benchCommand));

  const emulatorUrlHelp = 'the neosl dev emulator (default: neosl.yaml dev host and port, 127.0.0.1:8700)';
  const chain = program
    .command('chain')
    .description("drive the running emulator's in-process Neo N3 chain: status, mine, transfer")
    .addHelpText('after', '\nExamples:\n  $ neosl chain status\n  $ neosl chain mine 5\n  $ neosl chain transfer NZNovrJyZ5D3iS1TuNWyUVnXidBnmNFiKd 100000000 --asset GAS');
  chain
    .command('status')
    .description('height, best block and the seeded accounts with their NEO and GAS')
    .option('--url <url>', emulatorUrlHelp)
    .action(lazy(async () => (await import('./commands/chain.js')).chainStatusCommand));
  chain
    .command('mine')
    .description('mine blocks now (transactions in the mempool land in the first)')
    .argument('[count]', 'how many blocks', '1')
    .option('--url <url>', emulatorUrlHelp)
    .action(lazy(async () => (await import('./commands/chain.js')).chainMineCommand));
  chain
    .command('transfer')
    .description('send NEO or GAS from a seeded account (it lands in the next block)')
    .argument('<to>', 'the receiving address (N…) or script hash (0x…)')
    .argument('<amount>', "in the asset's smallest unit: 1 GAS = 100000000, 1 NEO = 1")
    .option('--asset <asset>', 'NEO, GAS or a NEP-17 contract hash', 'GAS')
    .option('--from <address>', 'a seeded account (default: the first)')
    .option('--url <url>', emulatorUrlHelp)
    .action(lazy(async () => (await import('./commands/chain.js')).chainTransferCommand));

  for (const command of [...program.commands, ...program.commands.flatMap((parent) => parent.commands)]) {
    command.showSuggestionAfterError(true).exitOverride().configureOutput(program.configureOutput());
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

function usageFromCommander(error: CommanderError): UsageError {
  const [first, ...rest] = error.message.replace(/^error: /, '').split('\n');
  const suggestion = rest.join(' ').replace(/^\(|\)$/g, '').trim();
  const hint = suggestion ? `${suggestion} Run "neosl --help" for the list.` : 'Run "neosl --help" for usage.';
  return new UsageError(first ?? error.message, { code: error.code.replace(/^commander\./, 'USAGE_').toUpperCase(), hint });
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

  const program = buildProgram(streams, async (action, command, args) => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    const out = createOutput(streams, { json: globals.json === true, color: globals.color !== false });
    const cwd = resolveCwd(processCwd, globals.cwd);
    await action({ cwd, env: streams.env, out }, args, command.opts());
  });

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
  if (isUserError(error)) {
    out.info(formatUserError(error, out.colors));
    return error.exitCode;
  }
  out.info(formatBug(error, out.colors));
  return 1;
}
