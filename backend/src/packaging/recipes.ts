import type { PlannedServer } from "@mcp-hub/contracts";
import { BUILD_FILES, scriptRuntime, type ScriptRuntime } from "./buildFiles.js";
import type { ScriptFolder } from "./scriptFolder.js";
import type { PackagingSettings } from "./settings.js";

/** A file of the build context. */
export interface ContextFile {
  path: string;
  data: Buffer | string;
  mode?: number;
}

/** Everything a build needs, from the server and the settings; no I/O. */
export interface Recipe {
  dockerfile: string;
  /** Context files the image is made of (they enter its hash). */
  files: ContextFile[];
  /** Context files only the build stage reads (extra CA, .npmrc): never hashed, never in the final image. */
  buildOnly: ContextFile[];
  /** "none" when the build downloads nothing. */
  network: "default" | "none";
  /** A python package index must be reachable (PyPI): checked before the build starts. */
  needsPythonIndex: boolean;
  /** What the image runs, in words, for its labels and the log. */
  summary: string;
}

/** Marks a build stage's images, so they go once the build ends (they held the CA and .npmrc). */
export const BUILD_STAGE_LABEL = "mcp-hub.build-stage";
export const BUILD_STAGE_ARG = "MCP_HUB_BUILD";
/** tsx for local TypeScript scripts, pinned: the image must not change with tsx's releases. */
export const TSX_VERSION = "4.23.15";
const RUN_USER = "1000:1000";

const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const PYTHON_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,-]+\])?$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/;

/** Why a server cannot be turned into a recipe (its source is not something these templates take). */
export class RecipeRefused extends Error {}

/** `name@version` (scoped npm names keep their leading @). */
export function splitSpec(source: string, version: string | undefined): { name: string; version: string } {
  const at = source.lastIndexOf("@");
  const name = at > 0 ? source.slice(0, at) : source;
  const pinned = version ?? (at > 0 ? source.slice(at + 1) : "");
  if (!pinned)
    throw new RecipeRefused(`${source} has no exact version: plan it again so its version is resolved`);
  return { name, version: pinned };
}

/** The build stage's head: its label (to remove its images afterwards) and the build-only files. */
function buildStage(base: string): string[] {
  return [
    `FROM ${base} AS build`,
    `ARG ${BUILD_STAGE_ARG}`,
    `LABEL ${BUILD_STAGE_LABEL}=$${BUILD_STAGE_ARG}`,
    `COPY build/ /opt/mcp-build/`,
  ];
}

/** npm in the build stage: Node's roots plus the extra CA, the mirror and auth from one user config file. */
const NPM_BUILD_ENV = [
  `RUN node /opt/mcp-build/ca.cjs`,
  `ENV NODE_EXTRA_CA_CERTS=/opt/mcp-build/ca.pem npm_config_cafile=/opt/mcp-build/ca.pem \\`,
  `    npm_config_userconfig=/opt/mcp-build/npmrc npm_config_cache=/opt/mcp-build/npm-cache \\`,
  `    npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false npm_config_loglevel=warn`,
];

/** pip in the build stage: the system's roots plus the extra CA; it fails within seconds when the index is away. */
const PIP_BUILD_ENV = [
  `RUN { cat /etc/ssl/certs/ca-certificates.crt 2>/dev/null || true; cat /opt/mcp-build/extra-ca.pem; } > /opt/mcp-build/ca.pem`,
  `ENV PIP_CERT=/opt/mcp-build/ca.pem PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=15 PIP_RETRIES=1`,
];

/** Node at run time: nothing written outside /tmp (HOME and npm's cache there), no package download. */
const NODE_RUN_ENV = `ENV NODE_ENV=production HOME=/tmp npm_config_cache=/tmp/.npm npm_config_update_notifier=false`;
const PYTHON_RUN_ENV = `ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOME=/tmp`;

function finalStage(
  base: string,
  copies: string[],
  env: string,
  workdir: string,
  entrypoint: string[],
): string[] {
  return [
    `FROM ${base}`,
    ...copies,
    env,
    `WORKDIR ${workdir}`,
    `USER ${RUN_USER}`,
    `ENTRYPOINT ${JSON.stringify(entrypoint)}`,
  ];
}

function dockerfile(server: PlannedServer, what: string, stages: string[][]): string {
  const head = [
    `# ${server.name}: ${what}. Written by MCP Hub; only the build stage sees the extra CA, the npm mirror and .npmrc.`,
  ];
  return `${[head, ...stages].map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

/** The build-only files: the extra CA (possibly empty) and one npm user config with the mirror and the auth. */
function buildOnlyFiles(settings: PackagingSettings): ContextFile[] {
  const npmrc = [settings.npmrc?.trimEnd() ?? ""];
  if (settings.npmRegistry) {
    const url = URL.canParse(settings.npmRegistry) ? new URL(settings.npmRegistry) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || /\s/.test(settings.npmRegistry))
      throw new RecipeRefused(`the npm mirror "${settings.npmRegistry}" is not an http(s) URL`);
    npmrc.push(`registry=${settings.npmRegistry}`);
  }
  return [
    { path: "build/extra-ca.pem", data: settings.extraCaPem ?? "", mode: 0o600 },
    { path: "build/npmrc", data: `${npmrc.join("\n").trim()}\n`, mode: 0o600 },
  ];
}

function npmPackage(server: PlannedServer, settings: PackagingSettings): Recipe {
  const { name, version } = splitSpec(server.source, server.version);
  if (!NPM_NAME.test(name) || !VERSION.test(version))
    throw new RecipeRefused(`"${name}@${version}" is not an npm package name and version`);
  const summary = `npm package ${name}@${version}`;
  return {
    summary,
    dockerfile: dockerfile(server, summary, [
      [
        ...buildStage(settings.nodeBase),
        ...NPM_BUILD_ENV,
        `WORKDIR /app`,
        `RUN echo '{"name":"mcp-hub-packaged-server","private":true}' > package.json`,
        // The exact version, its lock file kept; dependencies' install scripts stay off unless allowed (npm's default).
        `RUN npm install --omit=dev --save-exact ${name}@${version}`,
        `RUN node /opt/mcp-build/bin.cjs ${name}`,
      ],
      finalStage(settings.nodeBase, [`COPY --from=build /app /app`], NODE_RUN_ENV, "/tmp", [
        "node",
        "/app/mcp-server",
      ]),
    ]),
    files: [BUILD_FILES.nodeCa, BUILD_FILES.nodeBin],
    buildOnly: buildOnlyFiles(settings),
    network: "default",
    needsPythonIndex: false,
  };
}

function pythonPackage(server: PlannedServer, settings: PackagingSettings): Recipe {
  const { name, version } = splitSpec(server.source, server.version);
  if (!PYTHON_NAME.test(name) || !VERSION.test(version))
    throw new RecipeRefused(`"${name}==${version}" is not a python package name and version`);
  const summary = `python package ${name}==${version}`;
  return {
    summary,
    dockerfile: dockerfile(server, summary, [
      [
        ...buildStage(settings.pythonBase),
        ...PIP_BUILD_ENV,
        `RUN python3 -m venv /opt/venv`,
        `RUN /opt/venv/bin/pip install "${name}==${version}"`,
        `RUN /opt/venv/bin/pip freeze > /opt/venv/requirements.lock`,
        `RUN /opt/venv/bin/python /opt/mcp-build/console.py "${name.replace(/\[.*$/, "")}"`,
      ],
      finalStage(settings.pythonBase, [`COPY --from=build /opt/venv /opt/venv`], PYTHON_RUN_ENV, "/tmp", [
        "/opt/venv/mcp-server",
      ]),
    ]),
    files: [BUILD_FILES.pythonConsole],
    buildOnly: buildOnlyFiles(settings),
    network: "default",
    needsPythonIndex: true,
  };
}

/** The script's file name in its folder (the client wrote a path of its own platform). */
export function scriptName(source: string): string {
  return source.split(/[\\/]/).pop() ?? source;
}

function script(server: PlannedServer, settings: PackagingSettings, folder: ScriptFolder): Recipe {
  const file = scriptName(server.source);
  const entry = folder.files.find((f) => f.path === file);
  if (!entry) throw new RecipeRefused(`${file} is not in the folder sent for ${server.source}`);
  const runtime: ScriptRuntime | undefined = scriptRuntime(file, entry.data);
  if (!runtime)
    throw new RecipeRefused(
      `cannot tell whether ${file} is a node, tsx or python script (no .js/.mjs/.cjs/.ts/.py ending, no #! line)`,
    );
  const has = (path: string) => folder.files.some((f) => f.path === path);
  const appFiles = folder.files.map((f) => ({ path: `app/${f.path}`, data: f.data, mode: f.mode }));
  const target = `/app/${file}`;
  const summary = `local ${runtime} script ${file}`;
  const recipe = (stages: string[][], extra: Partial<Recipe> = {}): Recipe => ({
    summary,
    dockerfile: dockerfile(server, summary, stages),
    files: appFiles,
    buildOnly: [],
    network: "none",
    needsPythonIndex: false,
    ...extra,
  });

  if (runtime === "python") {
    const requirements = has("requirements.txt")
      ? "-r /app/requirements.txt"
      : has("pyproject.toml")
        ? "/app"
        : "";
    if (!requirements)
      // The standard library only: one stage, nothing downloaded.
      return recipe([
        finalStage(settings.pythonBase, [`COPY app/ /app/`], PYTHON_RUN_ENV, "/app", ["python3", target]),
      ]);
    return recipe(
      [
        [
          ...buildStage(settings.pythonBase),
          ...PIP_BUILD_ENV,
          `COPY app/ /app/`,
          `RUN python3 -m venv /opt/venv`,
          `RUN /opt/venv/bin/pip install ${requirements}`,
          `RUN /opt/venv/bin/pip freeze > /opt/venv/requirements.lock`,
        ],
        finalStage(
          settings.pythonBase,
          [`COPY --from=build /opt/venv /opt/venv`, `COPY app/ /app/`],
          PYTHON_RUN_ENV,
          "/app",
          ["/opt/venv/bin/python", target],
        ),
      ],
      {
        files: appFiles,
        buildOnly: buildOnlyFiles(settings),
        network: "default",
        needsPythonIndex: true,
      },
    );
  }

  // Node or tsx: its own dependencies from its package.json (and lock file), tsx at a pinned version.
  const install = has("package.json")
    ? [`RUN npm ${has("package-lock.json") ? "ci" : "install"} --omit=dev`]
    : [];
  const tsx = runtime === "tsx";
  if (!install.length && !tsx)
    return recipe([
      finalStage(settings.nodeBase, [`COPY app/ /app/`], NODE_RUN_ENV, "/app", ["node", target]),
    ]);
  const loader = "file:///opt/tsx/node_modules/tsx/dist/loader.mjs";
  return recipe(
    [
      [
        ...buildStage(settings.nodeBase),
        ...NPM_BUILD_ENV,
        ...(tsx
          ? [
              `WORKDIR /opt/tsx`,
              `RUN echo '{"name":"mcp-hub-tsx","private":true}' > package.json && npm install --save-exact tsx@${TSX_VERSION}`,
            ]
          : []),
        `COPY app/ /app/`,
        `WORKDIR /app`,
        ...install,
      ],
      finalStage(
        settings.nodeBase,
        [`COPY --from=build /app /app`, ...(tsx ? [`COPY --from=build /opt/tsx /opt/tsx`] : [])],
        NODE_RUN_ENV,
        "/app",
        tsx ? ["node", "--import", loader, target] : ["node", target],
      ),
    ],
    { files: [...appFiles, BUILD_FILES.nodeCa], buildOnly: buildOnlyFiles(settings), network: "default" },
  );
}

/** The recipe of a package or local script; image entries are retagged and remote servers have no image. */
export function toRecipe(server: PlannedServer, settings: PackagingSettings, folder?: ScriptFolder): Recipe {
  switch (server.kind) {
    case "npm":
      return npmPackage(server, settings);
    case "python":
      return pythonPackage(server, settings);
    case "script":
      if (!folder)
        throw new RecipeRefused(`the folder of ${server.source} was not sent, so it cannot be copied`);
      return script(server, settings, folder);
    default:
      throw new RecipeRefused(`a ${server.kind} server has no recipe`);
  }
}
