/**
 * The demo stack: nginx (serving a page) + postgres with a named volume + redis, on an app network, with
 * health checks, deployed by the docker tools' deploy_stack (template web-db-cache) and checked end to end.
 * Shared by its integration test, `make demo-stack` (scripts/demo-stack.ts) and `make bench`.
 *
 * Without an image registry it first builds stand-ins for the official images with build_image, from the
 * Debian base and scripts/demo-stack/<service>/ (cached by a hash of those files, as images.ts does).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { imageExists } from "./images.js";

export interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}
export type CallTool = (
  tool: string,
  args: Record<string, unknown>,
  options?: RequestOptions,
) => Promise<ToolResult>;

export const DEBIAN_BASE = "mcp-hub/debian-base:bookworm";
/** The template's own defaults: what a machine with a registry runs. */
export const OFFICIAL_IMAGES = {
  web: "nginx:1.27-alpine",
  db: "postgres:16-alpine",
  cache: "redis:7-alpine",
};
export const LOCAL_IMAGES = {
  web: "mcp-hub-demo/nginx:bookworm",
  db: "mcp-hub-demo/postgres:bookworm",
  cache: "mcp-hub-demo/redis:bookworm",
};
const LOCAL_SOURCES = { web: "nginx", db: "postgres", cache: "redis" } as const;
const HASH_LABEL = "mcp-hub-demo.hash";
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** Builds and deploys take minutes; the calls send progress, which resets this. */
const LONG_CALL: RequestOptions = { timeout: 600_000, resetTimeoutOnProgress: true };

export type DemoImages = { source: "official" | "local"; images: typeof OFFICIAL_IMAGES; built: string[] };

/** The structured answer of a call that must succeed, or an error with the tool's own text. */
export function answer<T>(result: ToolResult, what: string): T {
  if (result.isError) throw new Error(`${what}: ${result.content.map((c) => c.text).join("\n")}`);
  return result.structuredContent as T;
}

/** The official images when a registry answers, else the local stand-ins, built when missing or changed. */
export async function demoImages(call: CallTool, log: (line: string) => void): Promise<DemoImages> {
  const pulled = await Promise.all(
    Object.values(OFFICIAL_IMAGES).map((name) => call("pull_image", { name }, LONG_CALL)),
  );
  if (pulled.every((r) => !r.isError)) return { source: "official", images: OFFICIAL_IMAGES, built: [] };
  log("no image registry answered: building the demo's images from the Debian base");
  await ensureDebianBase(log);
  const built: string[] = [];
  for (const [service, name] of Object.entries(LOCAL_IMAGES) as [keyof typeof LOCAL_IMAGES, string][]) {
    const dir = join(REPO_ROOT, "scripts/demo-stack", LOCAL_SOURCES[service]);
    const files = readdirSync(dir).filter((f) => f !== "Dockerfile" && statSync(join(dir, f)).isFile());
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    const hash = createHash("sha256").update(dockerfile);
    for (const f of files.sort()) hash.update(f).update(readFileSync(join(dir, f)));
    const digest = hash.digest("hex").slice(0, 16);
    const current = await call("inspect_image", { name });
    const labels = (
      current.structuredContent as { image?: { Config?: { Labels?: Record<string, string> } } } | undefined
    )?.image?.Config?.Labels;
    if (!current.isError && labels?.[HASH_LABEL] === digest) continue;
    const started = Date.now();
    answer(
      await call(
        "build_image",
        {
          name,
          dockerfile,
          files: files.map((f) => ({
            path: f,
            content: readFileSync(join(dir, f), "utf8"),
            mode: statSync(join(dir, f)).mode & 0o777,
          })),
          labels: { [HASH_LABEL]: digest },
        },
        LONG_CALL,
      ),
      `build ${name}`,
    );
    log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    built.push(name);
  }
  return { source: "local", images: LOCAL_IMAGES, built };
}

/** mcp-hub/debian-base:bookworm, made by scripts/base-images.sh (debootstrap; about half a minute) when missing. */
async function ensureDebianBase(log: (line: string) => void): Promise<void> {
  if (await imageExists(DEBIAN_BASE)) return;
  log(`building ${DEBIAN_BASE} with scripts/base-images.sh debian`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn("bash", [join(REPO_ROOT, "scripts/base-images.sh"), "debian"], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`scripts/base-images.sh debian failed (exit ${code})`);
}

export interface DemoStatus {
  services: { service: string; container: string; state: string; health?: string; ports: string[] }[];
}

/** deploy_stack with the web-db-cache template on these images; resolves once every service is healthy. */
export async function deployDemo(
  call: CallTool,
  stack: string,
  images: DemoImages["images"],
  onProgress?: (message: string) => void,
) {
  return answer<{
    revision: number;
    durationMs: number;
    status: DemoStatus["services"];
    generated?: { db_password: string };
  }>(
    await call(
      "deploy_stack",
      {
        name: stack,
        template: "web-db-cache",
        parameters: { web_image: images.web, db_image: images.db, cache_image: images.cache },
        wait_timeout_seconds: 180,
      },
      { ...LONG_CALL, onprogress: (p) => onProgress?.(p.message ?? "") },
    ),
    "deploy_stack",
  );
}

/** The web page through its published port, and redis and postgres by name on the app network. */
export async function checkDemo(call: CallTool, stack: string, status: DemoStatus["services"]) {
  const web = status.find((s) => s.service === "web")!;
  const port = /:(\d+)->80\/tcp/.exec(web.ports[0] ?? "")?.[1];
  if (!port) throw new Error(`web publishes no port: ${JSON.stringify(web)}`);
  const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
  const exec = async (service: string, command: string) =>
    answer<{ exitCode: number; stdout: string; stderr: string }>(
      await call("exec_in_container", {
        name: `${stack}-${service}-1`,
        command,
        confirm: true,
        timeout_seconds: 60,
      }),
      `exec in ${service}`,
    );
  const cache = await exec("cache", "redis-cli -h cache ping");
  const db = await exec("db", "pg_isready -h db -U postgres");
  return { url: `http://127.0.0.1:${port}/`, page, cache: cache.stdout.trim(), db: db.stdout.trim() };
}

/** Writes a row, restarts postgres, waits for it to be healthy again and reads the row back. */
export async function postgresKeepsData(
  call: CallTool,
  stack: string,
  poll: (check: () => Promise<boolean>) => Promise<boolean>,
) {
  const db = `${stack}-db-1`;
  const psql = async (sql: string) =>
    answer<{ exitCode: number; stdout: string; stderr: string }>(
      await call("exec_in_container", {
        name: db,
        command: ["psql", "-U", "postgres", "-d", "app", "-tAc", sql],
        confirm: true,
      }),
      "psql",
    );
  const marker = `kept-${Date.now()}`;
  await psql("CREATE TABLE IF NOT EXISTS notes (body text)");
  await psql(`INSERT INTO notes VALUES ('${marker}')`);
  answer(await call("restart_container", { name: db, timeout_seconds: 30 }), "restart_container");
  const healthy = await poll(async () => {
    const info = answer<{ container: { State: { Health?: { Status: string } } } }>(
      await call("inspect_container", { name: db }),
      "inspect",
    );
    return info.container.State.Health?.Status === "healthy";
  });
  if (!healthy) throw new Error("postgres did not turn healthy again after its restart");
  const read = await psql(`SELECT body FROM notes WHERE body = '${marker}'`);
  return read.stdout.trim() === marker;
}
