import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Functions import the SDK as the platform names it; locally the neosl package provides it
    // (`@neo-service/sdk/testing` → `neosl/testing`). `neosl build` does the same for bundles.
    alias: [{ find: /^@neo-service\/sdk(?=\/|$)/, replacement: 'neosl' }],
  },
});
