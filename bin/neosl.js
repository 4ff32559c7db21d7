#!/usr/bin/env node
// The launcher: load the compiled CLI and hand it the arguments. Nothing else runs here.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    process.stderr.write('neosl is not built yet: run "npm run build" in the neosl checkout.\n');
    process.exit(1);
  }
  throw error;
}
process.exitCode = await cli.run(process.argv.slice(2));
