/**
 * How an entry's command line starts its server: the launchers users put in client configs, each read into what
 * the package, script or image is and which arguments are the server's own.
 */

export type Launch =
  | { kind: "npm"; launcher: string; spec: string; args: string[] }
  | { kind: "python"; launcher: string; spec: string; args: string[]; module?: boolean }
  | { kind: "script"; launcher: string; runtime: "node" | "python" | "tsx"; file: string; args: string[] }
  | {
      kind: "image";
      launcher: string;
      image: string;
      args: string[];
      env: { name: string; value?: string }[];
      volumes: { source: string; target: string; readOnly: boolean }[];
    }
  | { kind: "unknown"; reason: string };

/** `C:\tools\npx.cmd` → `npx`: launchers are matched by their base name, whatever the path or Windows suffix. */
export function baseName(command: string): string {
  const last = command.split(/[\\/]/).pop() ?? command;
  return last.replace(/\.(cmd|exe|bat|ps1)$/i, "").toLowerCase();
}

/** Windows clients often wrap the launcher: `cmd /c npx …` → `npx …`. */
export function unwrapShell(command: string, args: string[]): { command: string; args: string[] } {
  const base = baseName(command);
  if (base === "cmd" && args[0]?.toLowerCase() === "/c" && args[1])
    return { command: args[1], args: args.slice(2) };
  return { command, args };
}

/** The first argument that is not an option, skipping options that take a value (given by name). */
function splitAtSubject(
  args: string[],
  valued: Set<string>,
): { options: string[]; subject?: string; rest: string[] } {
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return { options, subject: args[i + 1], rest: args.slice(i + 2) };
    if (!arg.startsWith("-")) return { options, subject: arg, rest: args.slice(i + 1) };
    options.push(arg);
    if (valued.has(arg) && i + 1 < args.length) options.push(args[++i]!);
  }
  return { options, rest: [] };
}

/** `--package=x` / `-p x` / `--from x`: the value of a named option, if given. */
function optionValue(options: string[], names: string[]): string | undefined {
  for (let i = 0; i < options.length; i++) {
    const option = options[i]!;
    for (const name of names) {
      if (option === name) return options[i + 1];
      if (option.startsWith(`${name}=`)) return option.slice(name.length + 1);
    }
  }
  return undefined;
}

const NPX_VALUED = new Set(["-p", "--package", "-c", "--call", "--registry", "--cache"]);
const UVX_VALUED = new Set([
  "--from",
  "--with",
  "-w",
  "--python",
  "-p",
  "--index-url",
  "-i",
  "--extra-index-url",
]);
const PIPX_VALUED = new Set(["--spec", "--python", "--index-url", "--pip-args"]);

function npm(launcher: string, args: string[]): Launch {
  const { options, subject, rest } = splitAtSubject(args, NPX_VALUED);
  const spec = optionValue(options, ["--package", "-p"]) ?? subject;
  if (!spec) return { kind: "unknown", reason: `${launcher} names no package` };
  // With --package the subject is the package's bin to run; either way the server's own arguments follow it.
  return { kind: "npm", launcher, spec, args: rest };
}

function python(launcher: string, args: string[], valued: Set<string>, fromOptions: string[]): Launch {
  const { options, subject, rest } = splitAtSubject(args, valued);
  const spec = optionValue(options, fromOptions) ?? subject;
  if (!spec) return { kind: "unknown", reason: `${launcher} names no package` };
  return { kind: "python", launcher, spec, args: rest };
}

const SCRIPT_RUNTIMES: Record<string, "node" | "python" | "tsx"> = {
  node: "node",
  nodejs: "node",
  python: "python",
  python3: "python",
  py: "python",
  tsx: "tsx",
};

/** Options of `docker run` that take a value (enough to find the image among the arguments). */
const DOCKER_VALUED = new Set([
  "-e",
  "--env",
  "--env-file",
  "-v",
  "--volume",
  "--mount",
  "--network",
  "--net",
  "--name",
  "-u",
  "--user",
  "-w",
  "--workdir",
  "--entrypoint",
  "-p",
  "--publish",
  "--label",
  "-l",
  "--memory",
  "-m",
  "--cpus",
  "--pull",
  "--platform",
  "--cap-add",
  "--cap-drop",
  "--security-opt",
  "--add-host",
  "--hostname",
  "-h",
  "--restart",
  "--tmpfs",
  "--ulimit",
  "--log-driver",
  "--log-opt",
  "--pids-limit",
  "--runtime",
  "--device",
  "--gpus",
  "--ipc",
  "--pid",
  "--shm-size",
]);

function dockerRun(launcher: string, args: string[]): Launch {
  if (args[0] !== "run")
    return {
      kind: "unknown",
      reason: `only "docker run" entries can migrate, not "docker ${args[0] ?? ""}"`,
    };
  const { options, subject, rest } = splitAtSubject(args.slice(1), DOCKER_VALUED);
  if (!subject) return { kind: "unknown", reason: "docker run names no image" };
  const env: { name: string; value?: string }[] = [];
  const volumes: { source: string; target: string; readOnly: boolean }[] = [];
  for (let i = 0; i < options.length; i++) {
    const option = options[i]!;
    const value = (names: string[]) =>
      names.includes(option)
        ? options[++i]
        : names.map((n) => `${n}=`).find((p) => option.startsWith(p)) &&
          option.slice(option.indexOf("=") + 1);
    const e = value(["-e", "--env"]);
    if (e) {
      const at = e.indexOf("=");
      env.push(at < 0 ? { name: e } : { name: e.slice(0, at), value: e.slice(at + 1) });
      continue;
    }
    const v = value(["-v", "--volume"]);
    if (v) {
      const parts = v.split(":");
      // C:\x:/data:ro on Windows: the drive letter's colon belongs to the source.
      if (/^[A-Za-z]$/.test(parts[0]!) && parts.length > 2) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
      if (parts.length >= 2)
        volumes.push({
          source: parts[0]!,
          target: parts[1]!,
          readOnly: (parts[2] ?? "").split(",").includes("ro"),
        });
    }
  }
  return { kind: "image", launcher, image: subject, args: rest, env, volumes };
}

/** What the command line starts, or why it is not something the hub can package. */
export function parseLaunch(command: string, args: string[]): Launch {
  const unwrapped = unwrapShell(command, args);
  const base = baseName(unwrapped.command);
  const rest = unwrapped.args;
  switch (base) {
    case "npx":
    case "bunx":
      return npm(base, rest);
    case "npm":
      if (rest[0] === "exec" || rest[0] === "x") return npm(`npm ${rest[0]}`, rest.slice(1));
      return {
        kind: "unknown",
        reason: `"npm ${rest[0] ?? ""}" does not start a package (use npx or npm exec)`,
      };
    case "pnpm":
    case "yarn":
      if (rest[0] === "dlx") return npm(`${base} dlx`, rest.slice(1));
      return {
        kind: "unknown",
        reason: `"${base} ${rest[0] ?? ""}" does not start a package (use ${base} dlx)`,
      };
    case "uvx":
      return python("uvx", rest, UVX_VALUED, ["--from"]);
    case "uv":
      if (rest[0] === "tool" && rest[1] === "run")
        return python("uv tool run", rest.slice(2), UVX_VALUED, ["--from"]);
      if (rest[0] === "run")
        return {
          kind: "unknown",
          reason: "uv run starts a project on this machine; point it at a package with uvx instead",
        };
      return { kind: "unknown", reason: `"uv ${rest[0] ?? ""}" does not start a package` };
    case "pipx":
      if (rest[0] === "run") return python("pipx run", rest.slice(1), PIPX_VALUED, ["--spec"]);
      return { kind: "unknown", reason: `"pipx ${rest[0] ?? ""}" does not start a package` };
    case "docker":
      return dockerRun("docker run", rest);
  }
  const runtime = SCRIPT_RUNTIMES[base];
  if (runtime) {
    if (runtime === "python" && rest[0] === "-m" && rest[1])
      return { kind: "python", launcher: `${base} -m`, spec: rest[1], args: rest.slice(2), module: true };
    const { subject, rest: own } = splitAtSubject(rest, new Set());
    if (!subject) return { kind: "unknown", reason: `${base} runs no file` };
    return { kind: "script", launcher: base, runtime, file: subject, args: own };
  }
  return {
    kind: "unknown",
    reason: `"${base}" is not a launcher the hub can package (npx, npm exec, pnpm/yarn dlx, bunx, uvx, uv tool run, pipx run, python -m, node/python/tsx scripts, docker run)`,
  };
}
