/**
 * Client-side variables in entries: VS Code's `${workspaceFolder}`, `${userHome}`, `${env:NAME}`, `${input:id}` (and
 * the forms other clients copied), and `~`. What the hub can resolve, what the user must pick, what cannot migrate.
 */

const VARIABLE = /\$\{([^}]+)\}/g;

/** Variables that stand for a folder the user works in: the plan asks which. */
const WORKSPACE = new Set(["workspaceFolder", "workspaceRoot", "fileWorkspaceFolder", "cwd"]);

export interface Variables {
  /** `${input:id}`: VS Code asks when it starts the server; the hub cannot. */
  inputs: string[];
  /** `${env:NAME}`: a value from the user's environment, unknown here. */
  env: string[];
  workspace: boolean;
  home: boolean;
  /** Anything else (`${file}`, `${command:…}`), which only the client can fill in. */
  other: string[];
}

export function variablesIn(value: string): Variables {
  const found: Variables = { inputs: [], env: [], workspace: false, home: false, other: [] };
  for (const [, name] of value.matchAll(VARIABLE)) {
    if (!name) continue;
    if (name.startsWith("input:")) found.inputs.push(name.slice(6));
    else if (name.startsWith("env:")) found.env.push(name.slice(4));
    else if (WORKSPACE.has(name) || name.startsWith("workspaceFolder:")) found.workspace = true;
    else if (name === "userHome") found.home = true;
    else found.other.push(name);
  }
  if (value === "~" || value.startsWith("~/") || value.startsWith("~\\")) found.home = true;
  return found;
}

/** The value with the home and workspace variables put in (the others stay as written). */
export function resolvePath(
  value: string,
  given: { home?: string; workspaceFolder?: string },
): string | undefined {
  let out = value;
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    if (!given.home) return undefined;
    out = given.home + out.slice(1);
  }
  let missing = false;
  out = out.replace(VARIABLE, (whole, name: string) => {
    if (name === "userHome") return given.home ?? ((missing = true), whole);
    if (WORKSPACE.has(name) || name.startsWith("workspaceFolder:"))
      return given.workspaceFolder ?? ((missing = true), whole);
    return whole;
  });
  return missing ? undefined : out;
}

/** An argument that names a file or folder on the user's machine (absolute, home-relative or a workspace variable). */
export function isPathArgument(value: string): boolean {
  if (value.startsWith("-")) return false;
  const v = variablesIn(value);
  if (v.workspace || v.home) return true;
  return value.startsWith("/") || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith("\\\\");
}
