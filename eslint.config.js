import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/build/**", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["backend/src/**/*.ts"],
    rules: {
      "no-console": "error",
      // One noun per folder: import a folder's index, never its insides (style rule 1).
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../*/*", "!../*/index.js"], message: "Import another area through its index.js" },
          ],
        },
      ],
    },
  },
  {
    // The wire shapes are a leaf: zod and each other, nothing of ours.
    files: ["contracts/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!zod(/|$)|\\./).*",
              message: "@mcp-hub/contracts imports only zod (and its own files)",
            },
          ],
        },
      ],
    },
  },
  {
    // The UI talks to the hub over HTTP only: shapes from @mcp-hub/contracts, never the backend's modules.
    files: ["ui/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)backend(/|$)|^@mcp-hub/backend",
              message: "the UI must not import backend modules; wire shapes come from @mcp-hub/contracts",
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI's output is its interface.
    files: ["backend/src/cli/**/*.ts", "backend/src/cli.ts"],
    rules: { "no-console": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
