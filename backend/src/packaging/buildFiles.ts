/** Helper programs the build stage runs (they enter the image's hash: a change to one rebuilds). */

/** Node and npm replace their trust store when given a CA file: they get Node's own roots plus the extra ones. */
const NODE_CA = `const fs = require("node:fs");
const tls = require("node:tls");
const extra = fs.readFileSync("/opt/mcp-build/extra-ca.pem", "utf8");
fs.writeFileSync("/opt/mcp-build/ca.pem", tls.rootCertificates.join("\\n") + "\\n" + extra);
`;

/**
 * The package's own bin, chosen as npx does (its only bin, else the one named like the package), linked at
 * /app/mcp-server: the image's entrypoint runs it with node, whatever its file is called.
 */
const NODE_BIN = `const fs = require("node:fs");
const path = require("node:path");
const name = process.argv[2];
const dir = path.join("/app/node_modules", name);
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
const unscoped = manifest.name.replace(/^@[^/]+\\//, "");
const bins = typeof manifest.bin === "string" ? { [unscoped]: manifest.bin } : manifest.bin || {};
const names = Object.keys(bins);
const chosen = names.length === 1 ? names[0] : names.includes(unscoped) ? unscoped : undefined;
if (!chosen) {
  console.error(
    names.length
      ? name + " has several bins (" + names.join(", ") + ") and none named " + unscoped + ": the hub cannot tell which one is the server"
      : name + " has no bin in its package.json: it is a library, not a server npx can start",
  );
  process.exit(1);
}
const target = path.resolve(dir, bins[chosen]);
fs.accessSync(target, fs.constants.R_OK);
fs.symlinkSync(path.relative("/app", target), "/app/mcp-server");
console.log("entrypoint: bin " + chosen + " of " + name + " (" + path.relative("/app", target) + ")");
`;

/** The distribution's console script, chosen as uvx does, linked at /opt/venv/mcp-server. */
const PYTHON_CONSOLE = `import os, sys
from importlib.metadata import distribution

name = sys.argv[1]
norm = lambda s: s.lower().replace("_", "-").replace(".", "-")
scripts = [ep for ep in distribution(name).entry_points if ep.group == "console_scripts"]
chosen = scripts[0] if len(scripts) == 1 else next((ep for ep in scripts if norm(ep.name) == norm(name)), None)
if chosen is None:
    names = ", ".join(ep.name for ep in scripts)
    sys.exit(f"{name} has several console scripts ({names}) and none named {name}" if scripts
             else f"{name} has no console script: it is a library, not a server uvx can start")
os.symlink(f"bin/{chosen.name}", "/opt/venv/mcp-server")
print(f"entrypoint: console script {chosen.name} of {name}")
`;

export const BUILD_FILES = {
  nodeCa: { path: "build/ca.cjs", data: NODE_CA },
  nodeBin: { path: "build/bin.cjs", data: NODE_BIN },
  pythonConsole: { path: "build/console.py", data: PYTHON_CONSOLE },
} as const;

export type ScriptRuntime = "node" | "tsx" | "python";

/** What runs a local script: its file ending, else its #! line. */
export function scriptRuntime(file: string, content: Buffer): ScriptRuntime | undefined {
  const ending = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ending === "py") return "python";
  if (ending === "ts" || ending === "mts" || ending === "cts" || ending === "tsx") return "tsx";
  if (ending === "js" || ending === "mjs" || ending === "cjs") return "node";
  const shebang = /^#!(.*)/.exec(content.subarray(0, 200).toString("utf8"))?.[1] ?? "";
  if (/\bpython[0-9.]*\b/.test(shebang)) return "python";
  if (/\btsx\b/.test(shebang)) return "tsx";
  if (/\bnode\b/.test(shebang)) return "node";
  return undefined;
}
