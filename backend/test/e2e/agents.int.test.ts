/**
 * The Agents page end to end, in a real Chromium, against the real hub image: add the fixture A2A agent from its
 * image through the form, see it beside the servers with its state, card and skills, and the last error of an agent
 * that cannot start. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hubImageRunnable, startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { A2A_AGENT_PORT, TEST_IMAGES } from "../support/images.js";
import { launchChromium, layoutProblems } from "./browser.js";
import { openPage, SHOTS, type DashboardPage } from "./dashboardKit.js";

const runnable = await hubImageRunnable();
const WAIT = { timeout: 60_000 };

describe.skipIf(!runnable)("the Agents page in a real browser", () => {
  let hub: HubContainer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [hub, browser] = await Promise.all([startHubContainer(), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(WAIT.timeout);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.remove();
  });

  it("adds an agent from its image and shows its state, card and skills beside the servers", async () => {
    await page.goto(`${hub.url}/#token=${hub.token}`);
    await page.getByRole("heading", { name: "MCP Hub", level: 1 }).waitFor();
    await page.getByRole("tab", { name: "Agents" }).click();
    await page.getByText("No A2A agents yet").waitFor();
    await page.getByText(/A2A gateway at/).waitFor();

    await page.getByRole("button", { name: "Add agent" }).click();
    const dialog = page.getByRole("dialog", { name: "Add an A2A agent" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("helper");
    await dialog.getByRole("combobox", { name: "Source" }).click();
    await page.getByRole("option", { name: "Container image" }).click();
    await dialog.getByRole("textbox", { name: "Image" }).fill(TEST_IMAGES.a2a);
    await dialog.getByRole("textbox", { name: "Port" }).fill(String(A2A_AGENT_PORT));
    await dialog.getByRole("button", { name: "Add" }).click();
    await dialog.waitFor({ state: "hidden" });

    const row = page
      .getByRole("table", { name: "A2A agents" })
      .getByRole("row")
      .filter({ hasText: "helper" });
    await row.getByText("ready").waitFor();
    await row.getByText("Fixture agent").waitFor();
    const card = page.getByRole("region", { name: "Agent helper" });
    await card.getByText("A2A 1.0").waitFor();
    const skills = await card.getByRole("list", { name: "Skills" }).getByRole("listitem").allTextContents();
    expect(skills.some((s) => s.startsWith("Echo"))).toBe(true);
    await card.getByText(/helper__send_message/).waitFor();
    await page.screenshot({ path: join(SHOTS, "agents-light.png"), fullPage: true, animations: "disabled" });
    // At the Desktop tab's usual widths every button reads in full (a fresh load: no focus ripple carried over).
    const agentsPage: DashboardPage = {
      name: "agents",
      hash: "#/agents",
      ready: (p) => p.getByRole("table", { name: "A2A agents" }).getByText("ready"),
    };
    for (const width of [1000, 1400]) {
      await page.setViewportSize({ width, height: 800 });
      await openPage(page, hub.url, agentsPage);
      expect(await page.evaluate(layoutProblems), `agents at ${width} px`).toEqual([]);
    }

    // Beside the servers, as the server it is.
    await page.getByRole("tab", { name: "Servers" }).click();
    const server = page
      .getByRole("table", { name: "MCP servers" })
      .getByRole("row")
      .filter({ hasText: "helper" });
    await server.getByText("built into the hub (a2a)").waitFor();
  });

  it("shows the last error of an agent that cannot start", async () => {
    // Its server cannot listen, so its container exits at once: the hub says so, and keeps retrying with backoff.
    const added = await hub.api("POST", "/agents", {
      name: "broken",
      image: TEST_IMAGES.a2a,
      port: A2A_AGENT_PORT,
      env: { PORT: "not-a-port" },
    });
    expect(added.status).toBe(201);
    await page.getByRole("tab", { name: "Agents" }).click();
    const row = page
      .getByRole("table", { name: "A2A agents" })
      .getByRole("row")
      .filter({ hasText: "broken" });
    await row.getByText(/exited \(code 1\)/).waitFor();
    await page.screenshot({ path: join(SHOTS, "agents-error.png"), fullPage: true, animations: "disabled" });
    expect(pageErrors).toEqual([]);
  });
});
