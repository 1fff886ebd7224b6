import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// @docker/extension-api-client has only a "browser" entry that vite-node cannot resolve, so tests alias it to a mock
// that returns window.ddClient; tests set or clear window.ddClient themselves.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      "@docker/extension-api-client": fileURLToPath(
        new URL("./test/mocks/extensionApiClient.ts", import.meta.url),
      ),
    },
  },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.{ts,tsx}"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 20_000,
  },
});
