import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProbes } from "../../src/migrate/index.js";
import { startAuthorizedHost, type AuthorizedHost } from "../fixtures/authorizedHost.js";

/**
 * The plan's look outside: `npm view` as a child process (here a stand-in npm that answers as the real one does and
 * records its environment), a PyPI-like JSON API, and a remote MCP server behind a bearer check.
 */
describe("planning probes", () => {
  let dir: string;
  let pypi: Server;
  let pypiUrl: string;
  let remote: AuthorizedHost;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mcp-hub-probes-"));
    const npm = join(dir, "npm");
    // Answers like npm 11: one object for a version, an array in registry order for a range, E404 on stdout.
    writeFileSync(
      npm,
      `#!/bin/sh
echo "$NODE_EXTRA_CA_CERTS $npm_config_registry $*" > "${dir}/call"
case "$4" in
  memory-mcp) echo '{"name":"memory-mcp","version":"2.0.0"}' ;;
  range-mcp@^1) echo '[{"name":"range-mcp","version":"1.10.0"},{"name":"range-mcp","version":"1.9.3"},{"name":"range-mcp","version":"1.10.1-rc.1"}]' ;;
  *) echo '{"error":{"code":"E404","summary":"Not Found"}}'; exit 1 ;;
esac
`,
    );
    chmodSync(npm, 0o755);
    pypi = createServer((req, res) => {
      if (req.url === "/pypi/mcp-server-fetch/json") {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ info: { name: "mcp-server-fetch", version: "2025.4.7" } }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => pypi.listen(0, "127.0.0.1", resolve));
    pypiUrl = `http://127.0.0.1:${(pypi.address() as AddressInfo).port}`;
    remote = await startAuthorizedHost({ authorization: "Bearer k", host: "127.0.0.1" });
  });

  afterAll(async () => {
    pypi?.close();
    await remote?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("resolves npm packages to the exact version npx would run, with the mirror and the extra CA", async () => {
    const probes = createProbes({
      npm: join(dir, "npm"),
      npmRegistry: "https://npm.mirror.example/",
      extraCaCerts: "/etc/mcp-hub/extra-ca.pem",
    });
    expect(await probes.resolveNpm("memory-mcp")).toEqual({ name: "memory-mcp", version: "2.0.0" });
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(join(dir, "call"), "utf8").trim()).toBe(
      "/etc/mcp-hub/extra-ca.pem https://npm.mirror.example/ view --json -- memory-mcp name version",
    );
    expect(await probes.resolveNpm("range-mcp@^1")).toEqual({ name: "range-mcp", version: "1.10.1-rc.1" });
    expect(await probes.resolveNpm("nothing-mcp")).toEqual({ error: "npm has no package nothing-mcp" });
    // Never an option, a path or a git spec on npm's command line.
    for (const spec of ["--registry=http://evil", "github:user/repo", "../local"])
      expect(await probes.resolveNpm(spec)).toEqual({ error: expect.stringContaining("is not a package") });
  });

  it("reads PyPI, and says fast and plainly when it is unreachable", async () => {
    expect(await createProbes({ pypiUrl }).resolvePython("mcp-server-fetch")).toEqual({
      name: "mcp-server-fetch",
      version: "2025.4.7",
    });
    expect(await createProbes({ pypiUrl }).resolvePython("nope")).toEqual({
      error: "PyPI has no package nope",
    });
    // A PyPI that takes the connection and never answers: only the probe's own timeout ends it.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const started = Date.now();
    try {
      const offline = await createProbes({ pypiUrl: silentUrl }).resolvePython("mcp-server-fetch");
      expect(offline).toEqual({
        error: expect.stringMatching(
          /^PyPI \(http:\/\/127\.0\.0\.1:\d+\) is not reachable from the hub .*a local python script/,
        ),
      });
      expect(Date.now() - started).toBeLessThan(6_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("tells a remote that wants an OAuth sign-in from one whose key the entry holds", async () => {
    const url = `http://127.0.0.1:${remote.port}/mcp`;
    const { probeRemote } = createProbes();
    expect(await probeRemote(url, {})).toEqual({
      needsOAuth: true,
      detail: "it answered 401 with a Bearer challenge",
    });
    expect(await probeRemote(url, { Authorization: "Bearer k" })).toEqual({ needsOAuth: false });
    expect(await probeRemote(url, { Authorization: "Bearer wrong" })).toMatchObject({
      needsOAuth: false,
      detail: expect.stringContaining("refused the entry's credentials"),
    });
  });
});
