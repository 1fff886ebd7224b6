/**
 * The dashboard end to end, in a real Chromium, against the real hub image (which serves the UI build at /) and a
 * real MCP server container: add a server from the UI, try a tool with live progress, see the call in Activity,
 * connect Claude Desktop into a bind-mounted home, manage the hub's own local registry (list, delete confirmed,
 * garbage collection, add an image as a server), and run the same build as Docker Desktop would (a fake
 * window.ddClient forwarding to the hub). Screenshots of every page in light and dark go to test-artifacts/.
 * MCP_HUB_UPDATE_SCREENSHOT=1 also refreshes the Marketplace screenshots the Dockerfile's labels name (and the README
 * shows): docs/screenshots/<page>.png at Docker's recommended 2400x1600.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistryHub, type RegistryHub } from "../support/registryHub.js";
import { hubImageRunnable } from "../support/hubContainer.js";
import { TEST_IMAGES } from "../support/images.js";
import { freePort } from "../support/ports.js";
import { desktopCalls, fakeDockerDesktop, launchChromium, layoutProblems } from "./browser.js";
import {
  luminance,
  openPage,
  openTryIt,
  saveMarketplaceScreenshots,
  SHOTS,
  type DashboardPage,
} from "./dashboardKit.js";
import {
  addsAsServerThenWarns,
  collectsInDesktop,
  deletesConfirmedThenCollects,
  listsTheRegistry,
} from "./registrySteps.js";

// A missing Chromium fails (launchChromium says how to install it) rather than skipping: a skip proves nothing.
const runnable = await hubImageRunnable();

/** Where the hub sees the user's home, and how the host spells it (entries written keep the host's paths). */
const HOST_HOME_MOUNT = "/host-home";
const HOST_USER_HOME = "/home/e2e";
const CLAUDE_CONFIG = join(".config", "Claude", "claude_desktop_config.json");
const ORIGINAL_CLAUDE_CONFIG = `${JSON.stringify(
  { mcpServers: { notes: { command: "notes-mcp", args: ["--stdio"] } }, globalShortcut: "Ctrl+Space" },
  null,
  2,
)}\n`;

const WAIT = { timeout: 30_000 };

describe.skipIf(!runnable)("dashboard in a real browser", () => {
  let hub: RegistryHub;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const home = mkdtempSync(join(tmpdir(), "mcp-hub-e2e-home-"));
  const claudeFile = join(home, CLAUDE_CONFIG);
  const pageErrors: string[] = [];
  const shoot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: "disabled" });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(join(home, ".config", "Claude"), { recursive: true });
    writeFileSync(claudeFile, ORIGINAL_CLAUDE_CONFIG);
    [hub, browser] = await Promise.all([
      // A hub that keeps its own registry (a name, volume and free port of its own).
      startRegistryHub({
        port: await freePort(),
        env: {
          HUB_HOST_HOME: HOST_HOME_MOUNT,
          HUB_HOST_PLATFORM: "linux",
          HUB_HOST_USER_HOME: HOST_USER_HOME,
        },
        volumes: [`${home}:${HOST_HOME_MOUNT}`],
      }),
      launchChromium(),
    ]);
    await hub.waitForRegistry();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(WAIT.timeout);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it("takes the token from the URL and adds a server from the Servers page", async () => {
    await page.goto(`${hub.url}/#token=${hub.token}`);
    await page.getByRole("heading", { name: "MCP Hub", level: 1 }).waitFor();
    // The token moved into sessionStorage and out of the address bar.
    expect(page.url()).not.toContain(hub.token);

    // A fresh hub (only its built-in registry server): each page says what to do next.
    await page.getByRole("heading", { name: "Get started" }).waitFor();
    await shoot("overview-empty");
    await page.getByRole("tab", { name: "Activity" }).click();
    await page.getByText("No calls yet").waitFor();
    await shoot("activity-empty");
    await page.getByRole("tab", { name: "Registry" }).click();
    await page.getByText("The registry is empty").waitFor();
    await page.getByText(`docker push 127.0.0.1:${hub.registryPort}/my-server:1.0`).waitFor();
    await shoot("registry-empty");
    await page.getByRole("tab", { name: "Servers" }).click();
    // Only the built-in servers: the registry's tools (on), the docker tools (off until the user turns them on).
    const builtins = page.getByRole("table", { name: "MCP servers" }).getByRole("row");
    await builtins.filter({ hasText: "built into the hub (registry)" }).getByText("ready").waitFor();
    await builtins.filter({ hasText: "built into the hub (docker)" }).getByText("stopped").waitFor();
    await shoot("servers-builtin");
    await page.getByRole("button", { name: "Add server" }).click();
    const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("fx");
    await dialog.getByRole("textbox", { name: "Image" }).fill(TEST_IMAGES.fixture);
    await dialog.getByRole("button", { name: "Add server" }).click();
    await dialog.waitFor({ state: "hidden" });

    const servers = page.getByRole("table", { name: "MCP servers" });
    const row = servers.getByRole("row").filter({ hasText: TEST_IMAGES.fixture });
    await row.getByText("ready").waitFor();
    const details = page.getByRole("region", { name: "Server fx" });
    await details.getByRole("button", { name: /^progress/ }).waitFor();
    const tools = await details.getByRole("button", { name: /^[a-z_]+/ }).allTextContents();
    expect(tools.some((t) => t.startsWith("echo"))).toBe(true);
    expect(tools.some((t) => t.startsWith("elicit"))).toBe(true);
    // The container the UI asked for is the real one, seen through the API.
    const listed = await hub.api<{ servers: Array<{ name: string; kind: string; state: string }> }>(
      "GET",
      "/servers",
    );
    expect(listed.body.servers.filter((s) => s.kind !== "builtin")).toEqual([
      expect.objectContaining({ name: "fx", state: "ready" }),
    ]);
  });

  it("calls a tool from the try-it form and shows progress, then the result", async () => {
    const details = page.getByRole("region", { name: "Server fx" });
    const form = await openTryIt(details, "progress");
    await form.getByRole("spinbutton", { name: "steps" }).fill("3");
    // Long enough apart that each step is on screen for a while: the test must see progress before the result.
    await form.getByRole("spinbutton", { name: "delayMs" }).fill("700");
    await form.getByRole("button", { name: "Call progress" }).click();

    const bar = form.getByRole("progressbar", { name: "Calling progress" });
    await bar.waitFor();
    await form.getByText(/^step [12]\/3: [12] of 3$/).waitFor({ timeout: 10_000 });
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(0);

    await form.getByText(/^OK in \d+ ms/).waitFor();
    await expect(form.getByText("done", { exact: true }).count()).resolves.toBe(1);
    await expect(bar.count()).resolves.toBe(0);
  });

  it("shows that call in Activity", async () => {
    await page.getByRole("tab", { name: "Activity" }).click();
    const table = page.getByRole("table", { name: "Audit events" });
    const row = table.getByRole("row").filter({ hasText: "progress" });
    await row.first().waitFor();
    const cells = await row.first().getByRole("cell").allTextContents();
    // Time, client, server, call, outcome, latency.
    expect(cells[1]).toBe("dashboard");
    expect(cells[2]).toBe("fx");
    expect(cells[3]).toContain("progress");
    expect(cells[4]).toBe("ok");
    expect(Number(/^(\d+) ms$/.exec(cells[5] ?? "")?.[1])).toBeGreaterThanOrEqual(2_000);
  });

  it("connects Claude Desktop from the Clients page, writing the file on disk with a backup", async () => {
    await page.getByRole("tab", { name: "Clients" }).click();
    const row = page
      .getByRole("table", { name: "MCP clients" })
      .getByRole("row")
      .filter({ hasText: "Claude Desktop" });
    await row.getByText("Not connected").waitFor();
    await expect(row.getByRole("cell").nth(2).textContent()).resolves.toBe(
      `${HOST_USER_HOME}/${CLAUDE_CONFIG}`,
    );

    await row.getByRole("button", { name: "Connect", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Connect Claude Desktop" });
    // The preview diff names the entry it is about to add; nothing is written yet.
    await dialog.getByText(/"mcp-hub"/).waitFor();
    expect(readFileSync(claudeFile, "utf8")).toBe(ORIGINAL_CLAUDE_CONFIG);
    await dialog.getByRole("button", { name: "Write the change" }).click();
    await dialog.waitFor({ state: "hidden" });
    await row.getByText("Connected", { exact: true }).waitFor();

    const written = JSON.parse(readFileSync(claudeFile, "utf8")) as {
      mcpServers: Record<string, { command?: string; args?: string[] }>;
      globalShortcut: string;
    };
    expect(written.mcpServers["mcp-hub"]?.command).toBe("docker");
    expect(written.mcpServers["mcp-hub"]?.args).toContain("mcp-hub-bridge:latest");
    expect(written.mcpServers.notes).toEqual({ command: "notes-mcp", args: ["--stdio"] });
    expect(written.globalShortcut).toBe("Ctrl+Space");
    expect(readFileSync(`${claudeFile}.mcp-hub.bak`, "utf8")).toBe(ORIGINAL_CLAUDE_CONFIG);
  });

  it("lists the hub's local registry on the port in use, searches it and shows a tag's labels", () =>
    listsTheRegistry({ page, hub, shoot }));

  it("deletes a tag after a confirmation naming every tag of its digest, and garbage collection frees its space", () =>
    deletesConfirmedThenCollects({ page, hub, shoot }));

  it("adds a registry image as a server from a filled-in form, then warns before deleting what it uses", () =>
    addsAsServerThenWarns({ page, hub, shoot }));

  it("runs inside a fake Docker Desktop: the api layer goes through ddClient.extension.vm.service", async () => {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await desktop.addInitScript(fakeDockerDesktop, { token: hub.token });
      const inDesktop = await desktop.newPage();
      inDesktop.setDefaultTimeout(WAIT.timeout);
      const fetched: string[] = [];
      inDesktop.on("request", (request) => fetched.push(new URL(request.url()).pathname));
      // No token in the URL and none stored: only the Desktop path can reach the API.
      await inDesktop.goto(`${hub.url}/#/servers`);
      const row = inDesktop
        .getByRole("table", { name: "MCP servers" })
        .getByRole("row")
        .filter({ hasText: TEST_IMAGES.fixture });
      await row.getByText("ready").waitFor();
      await expect(inDesktop.getByRole("textbox", { name: "Token" }).count()).resolves.toBe(0);

      // Try-it without streaming: the progress arrives with the result.
      await row.getByRole("button", { name: "fx" }).click();
      const details = inDesktop.getByRole("region", { name: "Server fx" });
      const form = await openTryIt(details, "progress");
      await form.getByRole("spinbutton", { name: "steps" }).fill("3");
      await form.getByRole("button", { name: "Call progress" }).click();
      // Waits for whichever outcome comes, so that a failure shows what the page said.
      const outcome = form.getByRole("alert");
      await outcome.waitFor();
      expect(await outcome.textContent()).toMatch(/^OK in \d+ ms, 3 progress updates$/);

      const calls = await inDesktop.evaluate(desktopCalls);
      expect(calls).toContainEqual({ method: "GET", path: "/api/servers" });
      expect(calls).toContainEqual({ method: "POST", path: "/api/servers/fx/tools/progress/call" });
      // The standalone-only live event stream stays off inside Desktop.
      expect(fetched.filter((p) => p === "/api/events")).toEqual([]);

      // This Desktop gave the extension no host helper: the Clients page says how to connect by hand, in the
      // words of the hub's own writer (the bridge keeps its token mount), and for the user's OS.
      await inDesktop.goto(`${hub.url}/#/clients`);
      const manual = inDesktop.getByRole("region", { name: "Connect a client by hand" });
      const command = manual.getByLabel(/^With the host helper/);
      await command.waitFor();
      expect(await command.textContent()).toBe("host/linux/mcp-hub-host connect claude-desktop");
      // This hub has the user's home mounted, so the paths are the user's own.
      const file = manual.getByLabel(`Or by hand, in ${HOST_USER_HOME}/${CLAUDE_CONFIG}`);
      expect(JSON.parse((await file.textContent()) ?? "")).toMatchObject({
        mcpServers: {
          "mcp-hub": { command: "docker", args: expect.arrayContaining(["mcp-hub-data:/data:ro"]) },
        },
      });
      await inDesktop.screenshot({
        path: join(SHOTS, "clients-manual.png"),
        fullPage: true,
        animations: "disabled",
      });
      expect(await inDesktop.evaluate(desktopCalls)).toContainEqual({
        method: "GET",
        path: "/api/clients/setup?platform=linux",
      });

      await collectsInDesktop(inDesktop, hub);
    } finally {
      await desktop.close();
    }
  });

  it("renders every page in light and dark mode (screenshots in test-artifacts/screenshots)", async () => {
    const pages: DashboardPage[] = [
      { name: "overview", hash: "#/", ready: (p) => p.getByText("MCP endpoint") },
      {
        name: "servers",
        hash: "#/servers?server=fx",
        ready: (p) => p.getByRole("region", { name: "Server fx" }).getByRole("button", { name: /^progress/ }),
      },
      { name: "agents", hash: "#/agents", ready: (p) => p.getByText("No A2A agents yet") },
      { name: "clients", hash: "#/clients", ready: (p) => p.getByRole("table", { name: "MCP clients" }) },
      { name: "activity", hash: "#/activity", ready: (p) => p.getByRole("table", { name: "Audit events" }) },
      { name: "docker", hash: "#/docker", ready: (p) => p.getByRole("heading", { name: "Docker tools" }) },
      {
        name: "registry",
        hash: "#/registry?repository=mcp%2Fnotes&tag=1.0",
        ready: (p) => p.getByRole("region", { name: "Tag mcp/notes:1.0" }).getByText("no other tag"),
      },
      {
        name: "settings",
        hash: "#/settings",
        ready: (p) => p.getByRole("heading", { name: "Access token" }),
      },
    ];
    const backgrounds: Record<string, string> = {};
    // A full load per page: no toast or open menu carried over from the page before.
    const open = (entry: DashboardPage) => openPage(page, hub.url, entry);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const entry of pages) {
        await open(entry);
        await shoot(`${entry.name}-${scheme}`);
      }
      backgrounds[scheme] = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { body: object } }).document;
        const style = (
          globalThis as unknown as { getComputedStyle(e: object): { backgroundColor: string } }
        ).getComputedStyle(doc.body);
        return style.backgroundColor;
      });
    }
    expect(luminance(backgrounds.light)).toBeGreaterThan(0.8);
    expect(luminance(backgrounds.dark)).toBeLessThan(0.2);
    for (const { name } of pages)
      for (const scheme of ["light", "dark"])
        expect(existsSync(join(SHOTS, `${name}-${scheme}.png`))).toBe(true);

    // At the Desktop tab's usual widths every button reads in full and nothing scrolls sideways.
    await page.emulateMedia({ colorScheme: "light" });
    for (const width of [1000, 1400]) {
      await page.setViewportSize({ width, height: 800 });
      for (const entry of pages) {
        await open(entry);
        expect(await page.evaluate(layoutProblems), `${entry.name} at ${width} px`).toEqual([]);
      }
    }
    if (process.env.MCP_HUB_UPDATE_SCREENSHOT === "1")
      await saveMarketplaceScreenshots({ browser, hub, pages, timeoutMs: WAIT.timeout });
    expect(pageErrors).toEqual([]);
  });
});
