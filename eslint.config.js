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
      // One noun per folder: import a folder's index (its public surface), never its insides.
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
