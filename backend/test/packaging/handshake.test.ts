import type { PlannedServer } from "@mcp-hub/contracts";
import { describe, expect, it } from "vitest";
import { HANDSHAKE_LABEL, handshakeSpec } from "../../src/packaging/handshake.js";
import { plannedServer } from "./plannedServer.js";

const server = (overrides: Partial<PlannedServer> = {}) =>
  plannedServer({
    name: "fs",
    kind: "npm",
    source: "@modelcontextprotocol/server-filesystem@2026.8.31",
    version: "2026.8.31",
    args: ["/Users/ann/notes"],
    secretEnv: { API_KEY: "FS__API_KEY" },
    mounts: [{ source: "/Users/ann/notes", target: "/Users/ann/notes", writable: true }],
    risk: "high",
    ...overrides,
  });

describe("a handshake's container", () => {
  it("is hardened as its risk says, with its mounts, args and secrets, marked as a handshake", () => {
    const spec = handshakeSpec(server(), { FS__API_KEY: "k-1" }, { "mcp-hub.test": "run" });
    expect(spec.server).toMatch(/^handshake-fs-[0-9a-f]{6}$/);
    expect(spec).toMatchObject({
      image: "127.0.0.1:5000/mcp/fs:2026.8.31",
      command: ["/Users/ann/notes"],
      env: {},
      secretEnv: { API_KEY: "k-1" },
      transport: "stdio",
      risk: "high",
      mounts: [{ source: "/Users/ann/notes", target: "/Users/ann/notes", readOnly: false }],
      labels: { "mcp-hub.test": "run", [HANDSHAKE_LABEL]: "fs" },
    });
    expect(spec.profile).toMatchObject({
      network: "none",
      readOnlyRootfs: true,
      capDrop: ["ALL"],
      user: "1000:1000",
    });
  });

  it("reaches the internet only when the server needs it, else the internal network; no args keeps the image's", () => {
    expect(handshakeSpec(server({ risk: "low" }), { FS__API_KEY: "k" }, {}).profile.network).toBe(
      "mcp-hub-internal",
    );
    expect(handshakeSpec(server({ egress: true }), { FS__API_KEY: "k" }, {}).profile.network).toBe("mcp-hub");
    expect(handshakeSpec(server({ args: [] }), { FS__API_KEY: "k" }, {}).command).toBeUndefined();
    expect(handshakeSpec(server(), { FS__API_KEY: "k" }, {}).server).not.toBe(
      handshakeSpec(server(), {}, {}).server,
    );
  });
});
