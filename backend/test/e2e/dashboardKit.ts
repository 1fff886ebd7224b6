/**
 * Shared steps of the dashboard's end-to-end test: open a page fresh and wait until it shows what it is for, open a
 * tool's try-it form, the Marketplace screenshots, and a colour's luminance (light and dark mode).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { dockerfileLabels } from "../../../scripts/validate-extension.mjs";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const SHOTS = join(REPO_ROOT, "test-artifacts", "screenshots");

/** A page of the dashboard, and what shows once it has loaded. */
export interface DashboardPage {
  name: string;
  hash: string;
  ready: (page: Page) => Locator;
}

/** A full load of a page, until it shows what it is for: no toast or open menu carried over from the last one. */
export async function openPage(target: Page, hubUrl: string, { hash, ready }: DashboardPage) {
  await target.goto(`${hubUrl}/${hash}`);
  await target.reload();
  await ready(target).waitFor();
  await expect(target.getByRole("status").count()).resolves.toBe(0); // no page still loading
}

/**
 * Opens a tool's try-it form in a server's details; resolves once its panel has finished expanding. While it grows,
 * a click can be pressed on the form's button and released on the form (the button moves under the pointer), and
 * the form is not submitted.
 */
export async function openTryIt(details: Locator, tool: string): Promise<Locator> {
  const name = new RegExp(`^${tool}`);
  await details.getByRole("button", { name }).click();
  // MUI's documented state class: the Collapse around the panel has entered (its transition has ended).
  const form = details.locator(".MuiCollapse-entered").getByRole("region", { name });
  await form.waitFor();
  return form;
}

/** The screenshots the extension's labels name, docs/screenshots/<page>.png: 1200x800 CSS px at 2x. */
export async function saveMarketplaceScreenshots(options: {
  browser: Browser;
  hub: { url: string; token: string };
  pages: DashboardPage[];
  timeoutMs: number;
}) {
  const { browser, hub, pages } = options;
  const { labels } = dockerfileLabels(readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8"));
  const urls = (JSON.parse(labels["com.docker.extension.screenshots"] ?? "[]") as { url: string }[]).map(
    (s) => s.url,
  );
  const marketplace = await browser.newContext({
    viewport: { width: 1200, height: 800 },
    deviceScaleFactor: 2,
    colorScheme: "light",
  });
  try {
    const shot = await marketplace.newPage();
    shot.setDefaultTimeout(options.timeoutMs);
    // The app takes the token out of the address and moves on to the overview: let it, before going elsewhere.
    await shot.goto(`${hub.url}/#token=${hub.token}`);
    await shot.waitForURL((url) => url.hash === "#/");
    for (const url of urls) {
      const name = /\/docs\/screenshots\/([a-z-]+)\.png$/.exec(url)?.[1];
      const entry = pages.find((p) => p.name === name);
      if (!entry) throw new Error(`the screenshots label names ${url}: no page of this test saves it`);
      await openPage(shot, hub.url, entry);
      await shot.screenshot({
        path: join(REPO_ROOT, "docs", "screenshots", `${entry.name}.png`),
        animations: "disabled",
      });
    }
  } finally {
    await marketplace.close();
  }
}

/** 0 (black) to 1 (white) for a CSS rgb()/rgba() colour. */
export function luminance(color: string | undefined): number {
  const [r = 0, g = 0, b = 0] = (color?.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
