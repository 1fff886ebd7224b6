import { describe, expect, it } from "vitest";
import { parseBridgeArgs } from "../../src/bridge/index.js";
import { hostMountFromEnv, mountedEnvContext } from "../../src/clients/index.js";

describe("parseBridgeArgs", () => {
  it("defaults to the hub on the mcp-hub network and the token on the data volume", () => {
    const parsed = parseBridgeArgs([], {});
    expect(parsed).toMatchObject({
      kind: "run",
      options: {
        tokenFile: "/data/token",
        waitMs: 60_000,
        logLevel: "info",
        client: undefined,
        token: undefined,
      },
    });
    if (parsed.kind === "run") expect(parsed.options.url.href).toBe("http://mcp-hub:3010/mcp");
  });

  it("takes --client, --url, --token-file, --wait and MCP_HUB_TOKEN", () => {
    const parsed = parseBridgeArgs(
      [
        "--client",
        "claude-desktop",
        "--url",
        "http://127.0.0.1:3010/mcp",
        "--token-file",
        "/t",
        "--wait",
        "5",
      ],
      { MCP_HUB_TOKEN: " secret \n" },
    );
    expect(parsed).toMatchObject({
      kind: "run",
      options: { client: "claude-desktop", tokenFile: "/t", waitMs: 5000, token: "secret" },
    });
  });

  it("rejects what would break a header or the URL, and unknown flags", () => {
    expect(parseBridgeArgs(["--client", "a\r\nX-Evil: 1"], {})).toMatchObject({ kind: "error" });
    expect(parseBridgeArgs(["--url", "file:///etc/passwd"], {})).toMatchObject({ kind: "error" });
    expect(parseBridgeArgs(["--wait", "soon"], {})).toMatchObject({ kind: "error" });
    expect(parseBridgeArgs(["--nope"], {})).toMatchObject({ kind: "error" });
    expect(parseBridgeArgs(["--help"], {})).toEqual({ kind: "help" });
  });
});

describe("host mount (the host helper's and HUB_HOST_HOME's view of the user's machine)", () => {
  it("is off without HUB_HOST_HOME and explains a half-done configuration", () => {
    expect(hostMountFromEnv({})).toMatchObject({ ok: false, missing: true });
    expect(hostMountFromEnv({ HUB_HOST_HOME: "/host-home", HUB_HOST_PLATFORM: "beos" })).toMatchObject({
      ok: false,
      missing: false,
      reason: expect.stringMatching(/HUB_HOST_PLATFORM/),
    });
    expect(
      hostMountFromEnv({
        HUB_HOST_HOME: "/host-home",
        HUB_HOST_PLATFORM: "win32",
        HUB_HOST_USER_HOME: "relative",
      }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/HUB_HOST_USER_HOME/),
    });
  });

  it("maps Windows paths (any case) under the profile onto the mount; others to nowhere", () => {
    const host = hostMountFromEnv({
      HUB_HOST_HOME: "/host-home",
      HUB_HOST_PLATFORM: "win32",
      HUB_HOST_USER_HOME: "C:\\Users\\Me",
      HUB_HOST_ENV_APPDATA: "C:\\Users\\Me\\AppData\\Roaming",
      HUB_HOST_ENV_UNRELATED: "x",
    });
    if (!host.ok) throw new Error(host.reason);
    expect(host.mount.env).toEqual({ APPDATA: "C:\\Users\\Me\\AppData\\Roaming" });
    const env = mountedEnvContext(host.mount);
    expect(env.toLocalPath!("C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json")).toBe(
      "/host-home/AppData/Roaming/Claude/claude_desktop_config.json",
    );
    expect(env.toLocalPath!("D:\\elsewhere\\mcp.json")).toMatch(/^\/nonexistent-outside-host-home\//);
  });

  it("maps macOS paths and keeps /Applications out of reach", () => {
    const env = mountedEnvContext({ mount: "/host-home", platform: "darwin", home: "/Users/me", env: {} });
    expect(env.toLocalPath!("/Users/me/Library/Application Support/Claude/x.json")).toBe(
      "/host-home/Library/Application Support/Claude/x.json",
    );
    expect(env.toLocalPath!("/Users/me")).toBe("/host-home");
    expect(env.toLocalPath!("/Users/meg/x")).toMatch(/^\/nonexistent-outside-host-home\//);
    expect(env.toLocalPath!("/Applications/Claude.app")).toMatch(/^\/nonexistent-outside-host-home\//);
  });
});
