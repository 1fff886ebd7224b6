/**
 * The Docker Desktop extension image, checked the way Docker Desktop and `docker extension validate` would read it,
 * on a plain engine: labels, metadata.json, the files metadata.json points at, and the backend
 * answering on its extension socket without a token (Desktop's ddClient path).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  checkCompose,
  checkImage,
  checkLabels,
  checkMetadata,
  requiredImagePaths,
} from "../../../scripts/validate-extension.mjs";
import { docker } from "../support/images.js";
import { dockerAvailable, runId, TEST_LABEL } from "../support/docker.js";

const root = resolve(import.meta.dirname, "../../..");
const metadata = JSON.parse(readFileSync(join(root, "metadata.json"), "utf8")) as {
  icon: string;
  vm: { composefile: string; exposes: { socket: string } };
  ui: { "dashboard-tab": { root: string; src: string; backend: { socket: string } } };
};
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
/** EXTENSION_IMAGE=name:tag tests an image built elsewhere; otherwise `make extension` builds (cached) this one. */
const IMAGE = process.env.EXTENSION_IMAGE ?? `mcp-hub-extension:${version}`;

describe("extension files in the checkout", () => {
  it("metadata.json passes the schema, and the check rejects what the validator rejects", () => {
    expect(checkMetadata(metadata)).toEqual([]);
    expect(checkMetadata({ ...metadata, name: "MCP Hub" }).join("\n")).toMatch(/additional propert/);
    expect(checkMetadata({ ...metadata, icon: "https://example.com/x.svg" })).not.toEqual([]);
    const otherSocket = structuredClone(metadata);
    otherSocket.ui["dashboard-tab"].backend.socket = "other.sock";
    expect(checkMetadata(otherSocket).join("\n")).toMatch(/differs from vm.exposes.socket/);
  });

  it("the Compose file runs the hub first, on the socket and volume Desktop expects", () => {
    const text = readFileSync(join(root, metadata.vm.composefile), "utf8");
    expect(checkCompose(text, metadata)).toEqual([]);
    expect(
      checkCompose(text.replace("image: ${DESKTOP_PLUGIN_IMAGE}", "image: mcp-hub:dev"), metadata).join("\n"),
    ).toMatch(/first service/);
    expect(checkCompose(text.replace('"127.0.0.1:3010:3010"', '"5000:3010"'), metadata).join("\n")).toMatch(
      /port 5000/,
    );
    expect(checkCompose(text.replace("name: mcp-hub-data", "driver: local"), metadata).join("\n")).toMatch(
      /explicit name/,
    );
  });
});

describe.skipIf(!dockerAvailable())("extension image", () => {
  const created: string[] = [];

  beforeAll(() => {
    if (process.env.EXTENSION_IMAGE) return;
    const built = spawnSync("make", ["-C", root, "extension"], { encoding: "utf8", timeout: 280_000 });
    if (built.status !== 0)
      throw new Error(`make extension failed:\n${built.stdout.slice(-2000)}\n${built.stderr.slice(-2000)}`);
  });

  afterAll(async () => {
    if (created.length) await docker(["rm", "-f", "-v", ...created]);
  });

  it("has every Marketplace label, with the JSON labels parsing to the documented shapes", async () => {
    const inspect = await docker(["image", "inspect", "--format", "{{json .Config.Labels}}", IMAGE]);
    expect(inspect.code, inspect.stderr).toBe(0);
    const labels = JSON.parse(inspect.stdout) as Record<string, string>;
    expect(checkLabels(labels)).toEqual([]);
    expect(JSON.parse(labels["com.docker.extension.screenshots"] ?? "")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ alt: expect.any(String), url: expect.stringMatching(/^https:/) }),
      ]),
    );
    // The check is not vacuous: a missing required label and broken JSON are reported.
    const { ["com.docker.extension.categories"]: _dropped, ...withoutCategories } = labels;
    expect(checkLabels(withoutCategories).join("\n")).toMatch(/categories/);
    expect(checkLabels({ ...labels, "com.docker.extension.screenshots": "[{" }).join("\n")).toMatch(
      /not JSON/,
    );
  });

  it("holds the files Docker Desktop reads, where metadata.json says (docker create + docker cp)", async () => {
    const create = await docker(["create", "--label", `${TEST_LABEL}=${runId()}`, IMAGE]);
    expect(create.code, create.stderr).toBe(0);
    const id = create.stdout.trim();
    created.push(id);
    const out = mkdtempSync(join(tmpdir(), "mcp-hub-ext-"));
    for (const path of requiredImagePaths(metadata)) {
      const cp = await docker(["cp", `${id}:${path}`, join(out, path.replaceAll("/", "_"))]);
      expect(cp.code, `${path}: ${cp.stderr}`).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(out, "_metadata.json"), "utf8"))).toEqual(metadata);
    expect(readFileSync(join(out, `_${metadata.icon}`), "utf8")).toMatch(/<svg/);
    // The UI loads from a copied folder (file:// in Rancher/Podman Desktop): only relative asset URLs work.
    const tab = metadata.ui["dashboard-tab"];
    const html = readFileSync(join(out, `_${tab.root}_${tab.src}`), "utf8");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).toMatch(/^\.\//);
      const cp = await docker(["cp", `${id}:/${tab.root}/${asset.slice(2)}`, join(out, "asset")]);
      expect(cp.code, `${asset}: ${cp.stderr}`).toBe(0);
    }
    // The same checks as `make validate`, through the script itself.
    expect(checkImage(IMAGE, metadata)).toEqual([]);
  });

  it("answers the UI on the extension socket without a token, as ddClient.extension.vm.service does", async () => {
    const guestServices = mkdtempSync(join(tmpdir(), "mcp-hub-guest-"));
    const run = await docker([
      "run",
      "-d",
      "--label",
      `${TEST_LABEL}=${runId()}`,
      "-v",
      `${guestServices}:/run/guest-services`,
      "-v",
      "/var/run/docker.sock:/var/run/docker.sock", // plain Linux has no docker.sock.raw (Desktop's VM only)
      "-e",
      `SOCKET_PATH=/run/guest-services/${metadata.vm.exposes.socket}`,
      "-e",
      `HUB_CONTAINER_LABELS=${TEST_LABEL}=${runId()}-extension-socket`,
      IMAGE,
    ]);
    expect(run.code, run.stderr).toBe(0);
    created.push(run.stdout.trim());
    const socketPath = join(guestServices, metadata.vm.exposes.socket);
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolvePromise, reject) => {
        const req = request({ socketPath, path, method: "GET" }, (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
      });
    await vi.waitFor(() => expect(existsSync(socketPath)).toBe(true), { timeout: 30_000, interval: 200 });
    await vi.waitFor(async () => expect((await get("/api/status")).status).toBe(200), {
      timeout: 30_000,
      interval: 200,
    });
    const status = JSON.parse((await get("/api/status")).body) as { version: string };
    expect(status.version).toBeTruthy();
    expect((await get("/api/settings")).status).toBe(200);
  });
});
