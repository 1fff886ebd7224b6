import js from "@eslint/js";
import tseslint from "typescript-eslint";

// One noun per folder: import a folder's index (its public surface), never its insides.
const THROUGH_INDEX = {
  group: ["../*/*", "!../*/index.js"],
  message: "Import another area through its index.js",
};
/** Areas a folder must not import: the direction of the architecture (docs/architecture.md). */
const forbid = (areas, why) => ({
  group: areas.flatMap((area) => [`../${area}`, `../${area}/*`, `../../${area}`, `../../${area}/*`]),
  message: why,
});

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/build/**", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["backend/src/**/*.ts"],
    rules: {
      "no-console": "error",
      "no-restricted-imports": ["error", { patterns: [THROUGH_INDEX] }],
    },
  },
  {
    // The hub serves the transports and the REST API and hosts built-in modules; it never reaches back into them.
    files: ["backend/src/hub/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            THROUGH_INDEX,
            forbid(
              ["api/index.js", "transport/index.js", "builtin/index.js"],
              "hub/ never imports api, transport or builtin modules",
            ),
          ],
        },
      ],
    },
  },
  {
    // A built-in module reaches the hub only through hub/index.ts (ADR 0007). Its files sit two levels down
    // (builtin/<module>/), so other areas are ../../<area>/index.js; a pattern for ../<x>/ would also match
    // ../../<area> as a folder, which no negation can re-include.
    files: ["backend/src/builtin/*/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // From builtin/<module>/, two levels up: another area's folder, anything but its index.
              regex: "^(\\.\\./)+[^./][^/]*/(?!index\\.js$)",
              message: "Import another area through its index.js",
            },
            forbid(
              ["api/index.js", "transport/index.js"],
              "a built-in module talks to the hub, not to its transports or REST API",
            ),
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
