/**
 * The dashboard's Authorize button in a real Chromium, against the hub image and a real OAuth provider (the SDK's
 * server-side auth in a container, test/fixtures/oauthServer.ts): the server waits for authorization, the user
 * clicks Authorize, sees the scopes, opens the provider's page in a new tab, allows, and the hub's callback in that
 * tab finishes the flow; the dashboard then shows the server ready with its authorization state.
 */
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../hub/hubKit.js";
import { hubImageRunnable } from "../support/hubContainer.js";
import { freePort } from "../support/ports.js";
import { startOAuthContainer, type OAuthContainer } from "../oauth/oauthContainer.js";
import { oauthStats } from "../oauth/oauthKit.js";
import { launchChromium } from "./browser.js";
import { SHOTS } from "./dashboardKit.js";

const runnable = await hubImageRunnable();
const WAIT = 30_000;

describe.skipIf(!runnable)("Authorize in the dashboard, in a real browser", () => {
  let hub: TestHub;
  let provider: OAuthContainer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const hubPort = await freePort();
    [provider, browser] = await Promise.all([
      startOAuthContainer({ accessTtlSeconds: 3600 }),
      launchChromium(),
    ]);
    hub = await startTestHub({ publicPort: hubPort });
    await hub.addServer({ name: "tracker", kind: "remote", url: provider.mcpUrl });
    await hub.waitForServer("tracker", (v) => expect(v.state).toBe("needs-authorization"));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    await provider?.remove();
  });

  it("authorizes a server from its Authorize button and shows its authorization", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    await page.goto(`${hub.url}/#token=${hub.token}`);
    await page.getByRole("tab", { name: "Servers" }).click();
    const row = page
      .getByRole("table", { name: "MCP servers" })
      .getByRole("row")
      .filter({ hasText: "tracker" });
    await row.getByText("needs-authorization").waitFor();
    await row.getByRole("button", { name: "Authorize" }).click();

    // The scopes and the provider are shown before the user goes there.
    const dialog = page.getByRole("dialog", { name: "Authorize tracker" });
    await dialog.getByLabel("Requested scopes").getByText("mcp:tools").waitFor();
    await dialog.getByText(`${provider.issuer}/`).waitFor();
    await page.screenshot({ path: join(SHOTS, "oauth-authorize-dialog.png"), animations: "disabled" });
    const [providerTab] = await Promise.all([
      context.waitForEvent("page"),
      dialog.getByRole("link", { name: "Open authorization page" }).click(),
    ]);
    providerTab.setDefaultTimeout(WAIT);
    await providerTab.getByText("Scopes: mcp:tools").waitFor();
    expect(providerTab.url().startsWith(`${provider.issuer}/authorize?`)).toBe(true);
    await providerTab.getByRole("button", { name: "Allow" }).click();
    // The provider sends the browser to the hub's callback, on the hub's own port.
    await providerTab.getByRole("heading", { name: "tracker is authorized" }).waitFor();
    expect(new URL(providerTab.url()).pathname).toBe("/oauth/callback");

    // Back on the dashboard: the dialog closes by itself and the server is ready, with its authorization shown.
    await dialog.waitFor({ state: "hidden" });
    await row.getByText("ready").waitFor();
    await row.getByRole("button", { name: "tracker" }).click();
    const panel = page.getByRole("region", { name: "Authorization of tracker" });
    await panel.getByRole("cell", { name: "authorized", exact: true }).waitFor();
    await panel.getByRole("cell", { name: "mcp:tools" }).waitFor();
    await panel.getByRole("button", { name: "Revoke" }).waitFor();
    await page.screenshot({
      path: join(SHOTS, "oauth-authorized.png"),
      fullPage: true,
      animations: "disabled",
    });
    expect(await oauthStats(provider.issuer)).toMatchObject({ authorizations: 1, registrations: 1 });
    await context.close();
  });
});
