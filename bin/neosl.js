#!/usr/bin/env node
// The launcher. CommonJS on purpose: on Node 20 the ES module loader costs ~15 ms to start, so the
// CLI shell (commander and the command definitions, bundled into dist/cli.cjs) starts without it;
// a command's own code, ES modules under dist/, loads only when that command runs.
'use strict';
let cli;
try {
  cli = require('../dist/cli.cjs');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('cli.cjs')) {
    process.stderr.write('neosl is not built yet: run "npm run build" in the neosl checkout.\n');
    process.exit(1);
  }
  throw error;
}
// Output piped into a reader that stopped (`neosl chain status | head -2`): stop quietly, as Unix
// tools do, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
cli.run(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});
