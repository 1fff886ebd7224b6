/**
 * /api/clients on a hub that has the user's home mounted (a temp dir): every route's happy path, each answer read
 * back through its contract.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  clientPreviewSchema,
  clientsResponseSchema,
  connectResultSchema,
  disconnectResultSchema,
  errorBodySchema,
  noBackupErrorSchema,
  restoreResultSchema,
} from "@mcp-hub/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAUDE_CONFIG, startApiHub, USER_HOME, type ApiHub } from "./apiKit.js";

let kit: ApiHub;
beforeAll(async () => {
  kit = await startApiHub();
});
afterAll(async () => {
  await kit?.close();
});

describe("REST /api/clients", () => {
  const config = () => readFileSync(join(kit.hostHome, CLAUDE_CONFIG), "utf8");

  it("lists the clients with the host's paths", async () => {
    const res = await kit.api("GET", "/clients");
    expect(res.status, res.text).toBe(200);
    const { platform, clients } = clientsResponseSchema.parse(res.body);
    expect(platform).toBe("linux");
    expect(clients.find((c) => c.client === "claude-desktop")).toMatchObject({
      installed: true,
      status: "not-configured",
      file: `${USER_HOME}/${CLAUDE_CONFIG}`,
    });
  });

  it("previews, connects, disconnects and restores", async () => {
    const preview = await kit.api("POST", "/clients/claude-desktop/preview", {});
    expect(clientPreviewSchema.parse(preview.body)).toMatchObject({ status: "change", created: false });
    const disconnectPreview = await kit.api("POST", "/clients/claude-desktop/preview", {
      action: "disconnect",
    });
    expect(clientPreviewSchema.parse(disconnectPreview.body)).toMatchObject({ status: "unchanged" });

    const connected = await kit.api("POST", "/clients/claude-desktop/connect", { transport: "stdio" });
    expect(connected.status, connected.text).toBe(200);
    expect(connectResultSchema.parse(connected.body)).toMatchObject({ status: "written" });
    expect(config()).toContain('"mcp-hub"');

    const disconnected = await kit.api("POST", "/clients/claude-desktop/disconnect", { force: false });
    expect(disconnectResultSchema.parse(disconnected.body)).toMatchObject({ status: "written" });

    await kit.api("POST", "/clients/claude-desktop/connect", {});
    const restored = await kit.api("POST", "/clients/claude-desktop/restore");
    expect(restored.status, restored.text).toBe(200);
    expect(restoreResultSchema.parse(restored.body)).toMatchObject({ status: "restored" });
    expect(config()).toBe('{ "mcpServers": {} }\n');

    const nothing = await kit.api("POST", "/clients/claude-desktop/restore");
    expect(nothing.status).toBe(404);
    expect(noBackupErrorSchema.parse(nothing.body)).toMatchObject({
      error: "no_backup",
      status: "no-backup",
    });
  });

  it("refuses an unknown client or option, naming the field", async () => {
    const unknown = await kit.api("POST", "/clients/notepad/connect", {});
    expect(unknown.status).toBe(400);
    expect(errorBodySchema.parse(unknown.body).message).toMatch(/^id: /);
    const option = await kit.api("POST", "/clients/claude-desktop/connect", { transport: "carrier-pigeon" });
    expect(option.status).toBe(400);
    expect(errorBodySchema.parse(option.body).message).toMatch(/^transport: /);
  });
});
