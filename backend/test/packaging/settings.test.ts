import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NPMRC_SECRET, PACKAGING_DEFAULTS, packagingSettings } from "../../src/packaging/index.js";

const secrets = (values: Record<string, string> = {}) => ({
  names: async () => Object.keys(values),
  get: async (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, values[n]!])),
});

describe("packaging settings", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("are the product's defaults when nothing is set", async () => {
    expect(await packagingSettings({ env: {}, secrets: secrets() })).toEqual({
      nodeBase: "node:24-slim",
      pythonBase: "python:3.13-slim",
      extraCaPem: undefined,
      npmRegistry: undefined,
      npmrc: undefined,
      buildTimeoutMs: PACKAGING_DEFAULTS.buildTimeoutMs,
    });
  });

  it("take the environment (local bases, a CA file), then Settings over it, and the NPMRC secret", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mcp-hub-ca-"));
    dirs.push(dir);
    await writeFile(join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n");
    const env = {
      HUB_NODE_BASE: "mcp-hub/node-base:24",
      HUB_PYTHON_BASE: "mcp-hub/python-base:3.11",
      HUB_EXTRA_CA_CERTS: join(dir, "ca.pem"),
      HUB_NPM_REGISTRY: "https://env.mirror.example/",
      HUB_BUILD_TIMEOUT_MS: "90000",
    };
    const fromEnv = await packagingSettings({
      env,
      secrets: secrets({ [NPMRC_SECRET]: "//x/:_authToken=t\n" }),
    });
    expect(fromEnv).toEqual({
      nodeBase: "mcp-hub/node-base:24",
      pythonBase: "mcp-hub/python-base:3.11",
      extraCaPem: "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n",
      npmRegistry: "https://env.mirror.example/",
      npmrc: "//x/:_authToken=t\n",
      buildTimeoutMs: 90_000,
    });
    const fromSettings = await packagingSettings({
      env,
      settings: { nodeBase: "node:24-slim", npmRegistry: "https://settings.mirror.example/" },
      secrets: secrets(),
    });
    expect(fromSettings).toMatchObject({
      nodeBase: "node:24-slim",
      pythonBase: "mcp-hub/python-base:3.11",
      npmRegistry: "https://settings.mirror.example/",
      npmrc: undefined,
    });
  });

  it("refuses a base that is no image reference and a CA file it cannot read", async () => {
    await expect(
      packagingSettings({ env: { HUB_NODE_BASE: "node:24\nRUN x" }, secrets: secrets() }),
    ).rejects.toThrow(/HUB_NODE_BASE="node:24\nRUN x": not an image reference/);
    await expect(
      packagingSettings({ env: { HUB_EXTRA_CA_CERTS: "/nonexistent/ca.pem" }, secrets: secrets() }),
    ).rejects.toThrow(/HUB_EXTRA_CA_CERTS=\/nonexistent\/ca.pem cannot be read/);
  });
});
