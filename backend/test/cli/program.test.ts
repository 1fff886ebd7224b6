import { describe, expect, it } from "vitest";
import { createProgram } from "../../src/cli/program.js";

describe("mcp-hub's options", () => {
  it("reads `server add --url` as the remote server's URL, and the hub's --url before the command", async () => {
    const program = createProgram();
    const add = program.commands.find((c) => c.name() === "server")?.commands.find((c) => c.name() === "add");
    let seen: Record<string, unknown> = {};
    add?.action((_name: string, opts: Record<string, unknown>) => void (seen = opts));
    await program.parseAsync(
      [
        "--url",
        "http://127.0.0.1:3999",
        "server",
        "add",
        "tracker",
        "--url",
        "https://remote.example/mcp",
      ].concat(["--oauth-client-id", "hub-client", "--oauth-client-secret", "TRACKER_SECRET"]),
      { from: "user" },
    );
    expect(program.opts().url).toBe("http://127.0.0.1:3999");
    expect(seen).toMatchObject({
      url: "https://remote.example/mcp",
      oauthClientId: "hub-client",
      oauthClientSecret: "TRACKER_SECRET",
      oauthResource: true,
    });
  });
});
