/**
 * The Migrate page end to end, in a real Chromium, against the real hub image with a user's home mounted the way a
 * standalone hub has it: Claude Desktop's file has a remote server whose API key sits in a header (a real MCP server
 * in this process, behind a bearer check, which the hub's container reaches at its network's gateway) and an entry
 * of no known launcher. Overview invitation → scan → review → run → report → rollback, with the file on disk checked
 * at each step and the key never on the page; then the same pages inside a fake Docker Desktop, and screenshots of
 * each step in light and dark (test-artifacts/screenshots/migrate-*.png).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAuthorizedHost, type AuthorizedHost } from "../fixtures/authorizedHost.js";
import { networkGateway } from "../support/docker.js";
import { hubImageRunnable, startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { desktopCalls, fakeDockerDesktop, launchChromium, layoutProblems } from "./browser.js";
import { openPage, SHOTS, type DashboardPage } from "./dashboardKit.js";

const runnable = await hubImageRunnable();

const HOST_HOME_MOUNT = "/host-home";
const USER_HOME = "/home/e2e";
const CLAUDE_CONFIG = join(".config", "Claude", "claude_desktop_config.json");
const SECRET = "e2e-key-7c41d9";
const KEY = `Bearer ${SECRET}`;
const WAIT = { timeout: 30_000 };

describe.skipIf(!runnable)("the Migrate page in a real browser", () => {
  let hub: HubContainer;
  let remote: AuthorizedHost;
  let browser: Browser;
  let page: Page;
  let original: string;
  let scanHash = "";
  let runHash = "";
  const home = mkdtempSync(join(tmpdir(), "mcp-hub-e2e-migrate-"));
  const claudeFile = join(home, CLAUDE_CONFIG);
  const pageErrors: string[] = [];
  const shoot = (target: Page, name: string) =>
    target.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
  /**
   * The page as it is now, in light and dark (a scan's review cannot be opened again once its values moved to the
   * secret store, so each step is shot while it is on screen), and read at the Desktop tab's usual widths.
   */
  const record = async (name: string) => {
    await page.mouse.move(0, 0); // no hover left on whatever the last click's spot now shows
    for (const scheme of ["dark", "light"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shoot(page, `${name}-${scheme}`);
    }
    for (const width of [1000, 1400]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await page.evaluate(layoutProblems), `${name} at ${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(join(home, ".config", "Claude"), { recursive: true });
    [remote, hub, browser] = await Promise.all([
      startAuthorizedHost({ authorization: KEY, host: "0.0.0.0" }),
      startHubContainer({
        env: { HUB_HOST_HOME: HOST_HOME_MOUNT, HUB_HOST_PLATFORM: "linux", HUB_HOST_USER_HOME: USER_HOME },
        volumes: [`${home}:${HOST_HOME_MOUNT}`],
      }),
      launchChromium(),
    ]);
    const gateway = await networkGateway("mcp-hub");
    original = `{
  "mcpServers": {
    "notes": { "url": "http://${gateway}:${remote.port}/mcp", "headers": { "Authorization": "${KEY}" } },
    "legacy": { "command": "notes-mcp", "args": ["--stdio"] }
  },
  "globalShortcut": "Ctrl+Space"
}
`;
    writeFileSync(claudeFile, original);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(WAIT.timeout);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.remove();
    await remote?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("invites from the Overview, then lists Claude Desktop with its two servers", async () => {
    await page.goto(`${hub.url}/#token=${hub.token}`);
    const invite = page.getByRole("alert").filter({ hasText: "Your clients start 2 MCP servers themselves" });
    await invite.waitFor();
    expect(await invite.textContent()).toContain("Claude Desktop: 2");
    await invite.getByRole("link", { name: "Open Migrate" }).click();
    const clients = page.getByRole("table", { name: "Clients on this machine" });
    const row = clients.getByRole("row").filter({ hasText: "Claude Desktop" });
    await row.getByRole("cell").last().waitFor(); // allTextContents takes what is there, without waiting
    expect(await row.getByRole("cell").allTextContents()).toEqual([
      "Claude Desktop",
      `${USER_HOME}/${CLAUDE_CONFIG}`,
      "2",
    ]);
  });

  it("scans and reviews: the remote server with its key by name only, the other entry staying with its reason", async () => {
    await page.getByRole("button", { name: "Review 2 servers" }).click();
    const notes = page.getByRole("region", { name: "Entry notes" });
    await notes.waitFor();
    scanHash = new URL(page.url()).hash;
    expect(scanHash).toMatch(/^#\/migrate\?scan=[0-9a-f-]{36}$/);
    expect(await notes.textContent()).toContain("Remote server");
    await notes.getByText("Authorization", { exact: true }).waitFor();
    expect(await notes.getByRole("combobox", { name: "Risk" }).textContent()).toBe("Medium");
    const staying = page.getByRole("table", { name: "Staying in your clients" });
    expect(await staying.getByRole("row").nth(1).textContent()).toMatch(
      /^legacyClaude Desktop.*not a launcher/,
    );
    expect(await page.content()).not.toContain(SECRET);
    expect(readFileSync(claudeFile, "utf8")).toBe(original); // a plan changes nothing
    await record("migrate-review");
  });

  it("runs: the server behind the hub, the file rewritten after a backup, the report with a rollback", async () => {
    await page.getByRole("button", { name: "Migrate 1 server" }).click();
    const report = page.getByRole("table", { name: "Migration report" });
    const notes = report.getByRole("row").filter({ hasText: "notes" });
    await notes.getByText("Migrated", { exact: true }).waitFor();
    runHash = new URL(page.url()).hash;
    await page.getByText("Migration done").waitFor();
    const files = page.getByRole("table", { name: "Client files" });
    await files.getByText("Written", { exact: true }).waitFor();
    expect(await files.textContent()).toContain(`${USER_HOME}/${CLAUDE_CONFIG}.mcp-hub.bak`);

    const rewritten = JSON.parse(readFileSync(claudeFile, "utf8")) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(rewritten.mcpServers)).toEqual(["legacy", "mcp-hub"]);
    expect(readFileSync(`${claudeFile}.mcp-hub.bak`, "utf8")).toBe(original);
    await vi.waitFor(async () => {
      const server = await hub.api<{ state: string }>("GET", "/servers/notes");
      expect(server.body.state).toBe("ready");
    }, WAIT);
    expect(await page.content()).not.toContain(SECRET);
    await record("migrate-report");
  });

  it("rolls the server back: its entry back byte for byte, the hub's part gone", async () => {
    const notes = page
      .getByRole("table", { name: "Migration report" })
      .getByRole("row")
      .filter({ hasText: "notes" });
    await notes.getByRole("button", { name: "Roll back" }).click();
    const dialog = page.getByRole("dialog", { name: "Roll back notes?" });
    await dialog.getByRole("button", { name: "Roll back" }).click();
    await notes.getByText("Rolled back", { exact: true }).waitFor();
    // The file has its entry back: the report no longer calls it written.
    await page
      .getByRole("table", { name: "Client files" })
      .getByText("Entries put back", { exact: true })
      .waitFor();
    expect(readFileSync(claudeFile, "utf8")).toBe(original);
    expect((await hub.api("GET", "/servers/notes")).status).toBe(404);
    await record("migrate-rolled-back");
  });

  it("inside a fake Docker Desktop: the report through the extension socket, and the Migrate page without a host helper", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await context.addInitScript(fakeDockerDesktop, { token: hub.token });
      const desktop = await context.newPage();
      desktop.setDefaultTimeout(WAIT.timeout);
      const fetched: string[] = [];
      desktop.on("request", (request) => fetched.push(new URL(request.url()).pathname));
      await desktop.goto(`${hub.url}/${runHash}`);
      const notes = desktop
        .getByRole("table", { name: "Migration report" })
        .getByRole("row")
        .filter({ hasText: "notes" });
      await notes.getByText("Rolled back", { exact: true }).waitFor();
      const runPath = `/api/migrate/runs/${runHash.split("=")[1]}`;
      expect(await desktop.evaluate(desktopCalls)).toEqual(
        expect.arrayContaining([
          { method: "GET", path: runPath },
          { method: "GET", path: `${runPath}/report` },
        ]),
      );
      expect(fetched.filter((p) => p.endsWith("/events"))).toEqual([]); // Desktop polls instead

      await desktop.goto(`${hub.url}/#/migrate`);
      await desktop.getByText(/did not give this extension its host helper/).waitFor();
      await desktop.getByRole("button", { name: "Upload a config file" }).waitFor();
      await shoot(desktop, "migrate-desktop-no-helper");
    } finally {
      await context.close();
    }
  });

  it("renders the first step and the Overview's invitation in light and dark mode", async () => {
    const pages: DashboardPage[] = [
      {
        name: "migrate-find",
        hash: "#/migrate",
        ready: (p) => p.getByRole("table", { name: "Clients on this machine" }),
      },
      {
        name: "overview-migrate",
        hash: "#/",
        ready: (p) => p.getByRole("alert").filter({ hasText: "Your clients start" }),
      },
    ];
    for (const entry of pages) {
      await openPage(page, hub.url, entry);
      await record(entry.name);
    }
    expect(pageErrors).toEqual([]);
  });
});
