import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sdk = fileURLToPath(new URL('./src/sdk/', import.meta.url));

export default defineConfig({
  resolve: {
    // Test code imports the SDK as user code does; here it resolves to the source.
    alias: [
      { find: /^@neo-service\/sdk$/, replacement: `${sdk}index.ts` },
      { find: /^@neo-service\/sdk\/(.+)$/, replacement: `${sdk}$1.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests spawn bin/neosl.js, which runs the compiled dist/: `npm test` builds first (pretest).
  },
});
