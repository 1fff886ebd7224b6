import { defineConfig } from "vitest/config";

// Unit tests: no Docker engine needed.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/**/*.int.test.ts", "node_modules/**"],
    testTimeout: 20_000,
  },
});
