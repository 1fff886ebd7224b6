/**
 * REST client wiring in the real hub image: live when the container has a host home mounted (HUB_HOST_HOME …),
 * 501 with a pointer to the host helper otherwise. A temp dir plays the user's home, bind-mounted at /host-home.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";

const USER_HOME = "/home/alice";
const CONFIG = ".config/Claude/claude_desktop_config.json";

describe.skipIf(!inject("mcpHubTestDocker"))("REST /api/clients", () => {
  let mounted: HubContainer;
  let plain: HubContainer;
  let hostHome: string;

  beforeAll(async () => {
    hostHome = mkdtempSync(join(tmpdir(), "mcp-hub-home-"));
    mkdirSync(join(hostHome, ".config/Claude"), { recursive: true });
    writeFileSync(join(hostHome, CONFIG), '{ "mcpServers": {} }\n');
    [mounted, plain] = await Promise.all([
      startHubContainer({
        volumes: [`${hostHome}:/host-home`],
        env: { HUB_HOST_HOME: "/host-home", HUB_HOST_PLATFORM: "linux", HUB_HOST_USER_HOME: USER_HOME },
      }),
      startHubContainer(),
    ]);
  });

  afterAll(async () => {
    await mounted?.remove();
    await plain?.remove();
  });

  it("lists, previews, connects, disconnects and restores with the host's paths", async () => {
    const list = await mounted.api<{
      platform: string;
      clients: { client: string; installed: boolean; file: string; status: string }[];
    }>("GET", "/clients");
    expect(list.status).toBe(200);
    expect(list.body.platform).toBe("linux");
    const claude = list.body.clients.find((c) => c.client === "claude-desktop");
    expect(claude).toMatchObject({
      installed: true,
      status: "not-configured",
      file: `${USER_HOME}/${CONFIG}`,
    });

    const preview = await mounted.api<{ status: string; diff: string }>(
      "POST",
      "/clients/claude-desktop/preview",
      {},
    );
    expect(preview.body.status).toBe("change");
    expect(preview.body.diff).toMatch(/^\+ +"mcp-hub": \{/m);
    expect(readFileSync(join(hostHome, CONFIG), "utf8")).toBe('{ "mcpServers": {} }\n');

    const done = await mounted.api<{ status: string; backup: string; afterChange: string }>(
      "POST",
      "/clients/claude-desktop/connect",
      {},
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: "written", backup: `${USER_HOME}/${CONFIG}.mcp-hub.bak` });
    expect(done.body.afterChange).toMatch(/restart Claude Desktop/);
    const written = JSON.parse(readFileSync(join(hostHome, CONFIG), "utf8")) as {
      mcpServers: Record<string, unknown>;
    };
    expect(Object.keys(written.mcpServers)).toEqual(["mcp-hub"]);

    const http = await mounted.api<{ message: string }>("POST", "/clients/claude-desktop/connect", {
      transport: "http",
    });
    expect(http.status).toBe(400);
    expect(http.body.message).toMatch(/stdio only/);

    const off = await mounted.api<{ status: string }>("POST", "/clients/claude-desktop/disconnect", {});
    expect(off.body.status).toBe("written");
    expect(readFileSync(join(hostHome, CONFIG), "utf8")).toBe('{ "mcpServers": {} }\n');
    const restore = await mounted.api<{ error: string }>("POST", "/clients/claude-desktop/restore", {});
    expect(restore.status).toBe(404);
    expect(restore.body.error).toBe("no_backup");
  });

  it("rejects unknown clients and needs the token", async () => {
    expect((await mounted.api("POST", "/clients/notepad/connect", {})).status).toBe(400);
    const anonymous = await fetch(`${mounted.url}/api/clients`);
    expect(anonymous.status).toBe(401);
  });

  it("answers 501 without a mounted host home, pointing at the host helper", async () => {
    const list = await plain.api<{ error: string; message: string }>("GET", "/clients");
    expect(list.status).toBe(501);
    expect(list.body.message).toMatch(/host helper/);
    expect((await plain.api("POST", "/clients/claude-desktop/connect", {})).status).toBe(501);
  });
});
