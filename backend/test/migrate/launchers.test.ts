import { describe, expect, it } from "vitest";
import { parseLaunch } from "../../src/migrate/launchers.js";

describe("launchers read from client configs", () => {
  it.each([
    [
      "npx",
      ["-y", "@modelcontextprotocol/server-memory"],
      { kind: "npm", spec: "@modelcontextprotocol/server-memory", args: [] },
    ],
    ["npx", ["--yes", "pkg@1.2.3", "--flag", "x"], { kind: "npm", spec: "pkg@1.2.3", args: ["--flag", "x"] }],
    ["npx", ["-y", "--package=@s/tool", "tool-cli", "a"], { kind: "npm", spec: "@s/tool", args: ["a"] }],
    ["C:\\Program Files\\nodejs\\npx.cmd", ["-y", "pkg"], { kind: "npm", spec: "pkg", launcher: "npx" }],
    ["cmd", ["/c", "npx", "-y", "pkg", "/data"], { kind: "npm", spec: "pkg", args: ["/data"] }],
    [
      "npm",
      ["exec", "--yes", "--", "pkg@2", "arg"],
      { kind: "npm", spec: "pkg@2", args: ["arg"], launcher: "npm exec" },
    ],
    ["pnpm", ["dlx", "pkg"], { kind: "npm", spec: "pkg", launcher: "pnpm dlx" }],
    ["yarn", ["dlx", "pkg"], { kind: "npm", spec: "pkg", launcher: "yarn dlx" }],
    ["bunx", ["pkg"], { kind: "npm", spec: "pkg", launcher: "bunx" }],
    ["uvx", ["mcp-server-fetch"], { kind: "python", spec: "mcp-server-fetch", launcher: "uvx" }],
    [
      "uvx",
      ["--from", "git-pkg==1.0", "git-cli", "--x"],
      { kind: "python", spec: "git-pkg==1.0", args: ["--x"] },
    ],
    ["uv", ["tool", "run", "pkg@0.3"], { kind: "python", spec: "pkg@0.3", launcher: "uv tool run" }],
    ["pipx", ["run", "pkg"], { kind: "python", spec: "pkg", launcher: "pipx run" }],
    ["python3", ["-m", "mcp_server_time"], { kind: "python", spec: "mcp_server_time", module: true }],
    [
      "node",
      ["/home/u/tools/server.js", "--port", "1"],
      { kind: "script", runtime: "node", file: "/home/u/tools/server.js", args: ["--port", "1"] },
    ],
    ["python", ["server.py"], { kind: "script", runtime: "python", file: "server.py" }],
    ["tsx", ["src/index.ts"], { kind: "script", runtime: "tsx", file: "src/index.ts" }],
  ] as const)("%s %j", (command, args, expected) => {
    expect(parseLaunch(command, [...args])).toMatchObject(expected);
  });

  it("keeps a docker run entry's image, arguments, environment and volumes", () => {
    expect(
      parseLaunch("docker", [
        "run",
        "-i",
        "--rm",
        "-e",
        "API_KEY",
        "-e",
        "MODE=fast",
        "-v",
        "/home/u/data:/data:ro",
        "--network",
        "host",
        "mcp/github:1.2",
        "--verbose",
      ]),
    ).toEqual({
      kind: "image",
      launcher: "docker run",
      image: "mcp/github:1.2",
      args: ["--verbose"],
      env: [{ name: "API_KEY" }, { name: "MODE", value: "fast" }],
      volumes: [{ source: "/home/u/data", target: "/data", readOnly: true }],
    });
  });

  it("reads a Windows volume source with its drive letter", () => {
    expect(parseLaunch("docker", ["run", "-v", "C:\\Users\\u:/work", "img"])).toMatchObject({
      volumes: [{ source: "C:\\Users\\u", target: "/work", readOnly: false }],
    });
  });

  it.each([
    ["/usr/local/bin/my-server", [], /"my-server" is not a launcher/],
    ["docker", ["compose", "up"], /only "docker run"/],
    ["npx", [], /names no package/],
    ["uv", ["run", "server.py"], /uvx instead/],
  ] as const)("says why %s cannot migrate", (command, args, reason) => {
    const launch = parseLaunch(command, [...args]);
    expect(launch.kind).toBe("unknown");
    expect((launch as { reason: string }).reason).toMatch(reason);
  });
});
