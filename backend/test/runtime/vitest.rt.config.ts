import { defineConfig } from "vitest/config";

// The runtime/downstream integration tests without the shared globalSetup (they build their own image):
// npx vitest run --config test/runtime/vitest.rt.config.ts
export default defineConfig({
  root: new URL("../..", import.meta.url).pathname,
  test: {
    include: ["test/runtime/**/*.int.test.ts", "test/downstream/**/*.int.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
