// Loads a CommonJS bundle of neosl's own with V8's code cache, as Node 22's module.enableCompileCache()
// does for every module (Node 20 has no such switch): the first run compiles the bundle and, on
// exit, saves V8's compiled code, including the functions that run compiled lazily; later runs
// skip most of the parsing and compiling (for `neosl build`'s 600 KB bundle, ~15 ms of a ~60 ms
// Node start).
//
// The cache is the user's own (`$XDG_CACHE_HOME/neosl/code-cache`, else ~/.cache/…), never a shared
// temp folder another account could plant code in, and is keyed by the bundle's SHA-1, Node's version
// and the architecture, so an upgrade or an edited bundle never meets a stale entry (V8 also refuses
// data made by another V8 or flags). It is written whole or not at all (temp file, then rename).
// Anything wrong with it (no home, read-only disk, corrupt file) means a normal compile, never an
// error. NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's.
//
// A file loaded this way cannot use import(): V8 drops Node's dynamic-import hook from a script
// made from cached data (nodejs/node#43663), and the hook that would route it is experimental and
// warns on Node 20. scripts/build-bundles.mjs refuses to produce a bundle for it that has one.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as vm from 'node:vm';

/** The folder the cache lives in, or undefined when there is no user cache folder to use. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(base, 'neosl', 'code-cache') : undefined;
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeWhole(file: string, produce: () => Buffer): void {
  try {
    const data = produce();
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // A cache that cannot be made or written only means compiling again next time.
  }
}

interface ModuleInternals {
  filename: string;
  paths: string[];
  loaded: boolean;
  exports: unknown;
}

/**
 * `require(file)` for a CommonJS file, compiled with the code cache when there is one. Cached like
 * require's own modules: loading the same file twice returns the same exports.
 */
export function requireWithCodeCache<T>(file: string, env: NodeJS.ProcessEnv = process.env): T {
  const dir = codeCacheDir(env);
  const require = createRequire(file);
  if (dir === undefined || require.cache[file]) return require(file) as T;

  const source = readFileSync(file, 'utf8');
  const key = createHash('sha1').update(source).digest('hex').slice(0, 16);
  const cacheFile = join(dir, `${basename(file)}-${key}-${process.version}-${process.arch}.bin`);
  const cachedData = readOrUndefined(cacheFile);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit the cache holds what this run compiled, lazily compiled functions included.
    process.once('exit', () => writeWhole(cacheFile, () => script.createCachedData()));
  }

  const mod = new Module(file) as unknown as ModuleInternals & Module;
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  require.cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  mod.loaded = true;
  return mod.exports as T;
}
