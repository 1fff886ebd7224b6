import type { Candidate, ScanOrigin } from "@mcp-hub/contracts";
import type { NormalizedEntry } from "./entries.js";
import { parseLaunch } from "./launchers.js";
import { isPathArgument, variablesIn } from "./placeholders.js";

/** A candidate, with the values it carries that must become secrets (never shown, never in the scan's answer). */
export interface Classified {
  candidate: Candidate;
  /** Environment variable → value (the image entry's `-e NAME=value` too). */
  env: Record<string, string>;
  /** Header → value, for remote servers (Authorization and the like). */
  headers: Record<string, string>;
  /** For a local script: its directory, as the client sees it (the host side sends it over). */
  scriptDir?: string;
}

interface Where {
  key: string;
  origin: ScanOrigin;
  file: string;
  entryName: string;
  /** The hub's own entry is recognised, never migrated. */
  isHub: boolean;
}

const unmigratable = (where: Where, reason: string, launcher?: string): Classified => ({
  candidate: { ...where, kind: "unmigratable", reason, launcher, args: [], envNames: [], paths: [] },
  env: {},
  headers: {},
});

/** Why an entry's variables keep it from migrating, if they do. */
function blockingVariables(entry: NormalizedEntry): string | undefined {
  const values = [
    ...entry.args,
    ...Object.values(entry.env),
    ...Object.values(entry.headers),
    entry.url ?? "",
  ];
  const inputs = [...new Set(values.flatMap((v) => variablesIn(v).inputs))];
  if (inputs.length)
    return `it asks for ${inputs.map((i) => `\${input:${i}}`).join(", ")} when the client starts it; store the value as a secret of the migrated server (mcp-hub secret set), then migrate it again`;
  const other = [...new Set(values.flatMap((v) => variablesIn(v).other))];
  if (other.length)
    return `it uses ${other.map((o) => `\${${o}}`).join(", ")}, which only the client can fill in`;
  return undefined;
}

function dirOf(file: string): string {
  const at = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  return at > 0 ? file.slice(0, at) : ".";
}

/** What one entry is, and so how it migrates, or why it cannot. */
export function classify(where: Where, entry: NormalizedEntry): Classified {
  const envNames = Object.keys(entry.env);
  if (entry.url) {
    const blocked = blockingVariables(entry);
    if (blocked) return unmigratable(where, blocked, entry.transport);
    return {
      candidate: {
        ...where,
        kind: "remote",
        source: entry.url,
        launcher: entry.transport,
        args: [],
        envNames: Object.keys(entry.headers),
        paths: [],
      },
      env: {},
      headers: entry.headers,
    };
  }
  if (!entry.command) return unmigratable(where, "it has neither a command nor a url");
  const blocked = blockingVariables(entry);
  const launch = parseLaunch(entry.command, entry.args);
  if (launch.kind === "unknown") return unmigratable(where, launch.reason, entry.command);
  if (blocked) return unmigratable(where, blocked, launch.launcher);
  const paths = (args: string[]) =>
    args
      .filter(isPathArgument)
      .map((path) => ({ path, needsChoice: variablesIn(path).workspace, writable: false }));

  switch (launch.kind) {
    case "npm":
    case "python":
      return {
        candidate: {
          ...where,
          kind: launch.kind,
          source: launch.spec,
          launcher: launch.launcher,
          args: launch.args,
          envNames,
          paths: paths(launch.args),
        },
        env: entry.env,
        headers: {},
      };
    case "script": {
      const file = entry.cwd && !isPathArgument(launch.file) ? `${entry.cwd}/${launch.file}` : launch.file;
      return {
        candidate: {
          ...where,
          kind: "script",
          source: file,
          launcher: launch.launcher,
          args: launch.args,
          envNames,
          paths: paths(launch.args),
        },
        env: entry.env,
        headers: {},
        scriptDir: dirOf(file),
      };
    }
    case "image": {
      const env = { ...entry.env };
      for (const e of launch.env) if (e.value !== undefined) env[e.name] = e.value;
      // `-e NAME` alone passes the client's own variable through: its value comes from the entry's env, if at all.
      const names = [...new Set([...Object.keys(env), ...launch.env.map((e) => e.name)])];
      return {
        candidate: {
          ...where,
          kind: "image",
          source: launch.image,
          launcher: launch.launcher,
          args: launch.args,
          envNames: names,
          paths: [
            ...launch.volumes.map((v) => ({
              path: v.source,
              needsChoice: variablesIn(v.source).workspace,
              writable: !v.readOnly,
            })),
            ...paths(launch.args),
          ],
        },
        env,
        headers: {},
      };
    }
  }
}
