// Bundled CommonJS (ws, ioredis…) calls require() for Node built-ins and native addons, which an ES
// module does not have; esbuild's __require shim uses a `require` in scope when there is one. The
// banner provides it, and is blanked out of bundles that never mention `require`: importing
// node:module costs about half a millisecond of cold start. Blanking keeps the line count, so the
// source map stays right.

export const REQUIRE_BANNER =
  "import { createRequire as __neoslCreateRequire } from 'node:module';\nconst require = __neoslCreateRequire(import.meta.url);";

/** The bundle without the banner when nothing after it refers to `require`; else unchanged. */
export function dropUnusedRequireBanner(code: string): string {
  if (!code.startsWith(REQUIRE_BANNER)) return code;
  const rest = code.slice(REQUIRE_BANNER.length);
  if (/\brequire\b/.test(rest)) return code;
  return REQUIRE_BANNER.replace(/[^\n]/g, '') + rest;
}
