import { defineConfig } from "vitest/config";

// Integration tests: real dockerd, real containers, real MCP servers.
export default defineConfig({
  test: {
    include: ["test/**/*.int.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ["test/support/globalSetup.ts"],
  },
});
