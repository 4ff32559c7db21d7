// Preloaded (`node -r`) into the load generator by bench/emulator-process.ts: at exit, writes the
// process's own CPU time (user + system, all threads, in microseconds) to stderr on one marked line,
// so the suite can tell how much of the machine the client took per request.
'use strict';
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  try {
    writeSync(2, `\nneosl-bench-client-cpu ${JSON.stringify({ user, system })}\n`);
  } catch {
    // stderr closed: the figure is simply missing.
  }
});
