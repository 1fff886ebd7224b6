/**
 * The Registry page's steps in the dashboard's end-to-end test, against a hub that keeps its own registry: list and
 * search what it holds, delete with a confirmation, collect garbage (streamed, and inside Docker Desktop as one
 * answer), add an image as a server.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { pushImage, type RegistryHub } from "../support/registryHub.js";
import { TEST_IMAGES } from "../support/images.js";
import { desktopCalls } from "./browser.js";

export interface Steps {
  page: Page;
  hub: RegistryHub;
  /** Saves a screenshot of the page as test-artifacts/screenshots/<name>.png. */
  shoot: (name: string) => Promise<unknown>;
}

/** The registry's images on the port in use, a search, a tag's details. */
export async function listsTheRegistry({ page, hub }: Steps) {
  const port = hub.registryPort;
  // A runnable image (the fixture server, labelled), a small labelled one, and 2 MB under two tags of one digest.
  await pushImage(port, "mcp/notes", "1.0", {
    from: TEST_IMAGES.fixture,
    labels: {
      "mcp.server": "notes",
      "mcp.governance.level": "low",
      "org.opencontainers.image.title": "Notes",
    },
  });
  await pushImage(port, "mcp/fetch", "0.6.2", {
    labels: {
      "mcp.governance.level": "medium",
      "org.opencontainers.image.title": "Fetch",
      "org.opencontainers.image.version": "0.6.2",
      "org.opencontainers.image.source": "https://github.com/modelcontextprotocol/servers",
    },
  });
  await pushImage(port, "tools/scratch", "2.0", {
    payloadBytes: 2_000_000,
    alsoAs: ["stable"],
    labels: { "mcp.governance.level": "high" },
  });
  await page.getByRole("tab", { name: "Registry" }).click();
  const status = page.getByRole("region", { name: "Local registry" });
  await status.getByText(`127.0.0.1:${port}`).waitFor();
  await status.getByText("3 repositories, 4 tags").waitFor();
  const table = page.getByRole("table", { name: "Images in the local registry" });
  const tagsShown = () => table.getByRole("row").getByRole("button", { name: /:/ }).allTextContents();
  await expect(tagsShown()).resolves.toEqual(["0.6.2", "1.0", "2.0", "stable"]);
  const scratch = table
    .getByRole("row")
    .filter({ has: page.getByRole("button", { name: "tools/scratch:2.0" }) });
  await expect(scratch.getByRole("cell").allTextContents()).resolves.toEqual([
    expect.stringMatching(/^tools\/scratch[0-9a-f]{12}$/),
    "2.0",
    "high",
    "—",
    expect.stringMatching(/seconds? ago|minute ago|now/),
    expect.stringMatching(/^2(\.\d+)? MB$/),
    "Add as serverDelete",
  ]);

  await page.getByRole("searchbox", { name: "Search" }).fill("high");
  await page.getByText("2 of 4 tags").waitFor();
  await expect(tagsShown()).resolves.toEqual(["2.0", "stable"]);
  await page.getByRole("searchbox", { name: "Search" }).fill("");

  await table.getByRole("button", { name: "mcp/notes:1.0" }).click();
  const details = page.getByRole("region", { name: "Tag mcp/notes:1.0" });
  await details.getByText(`127.0.0.1:${port}/mcp/notes:1.0`).waitFor();
  const labels = details.getByRole("table", { name: "Labels" });
  await labels
    .getByRole("row")
    .filter({ hasText: "org.opencontainers.image.title" })
    .getByText("Notes")
    .waitFor();
  await details.getByText("no other tag").waitFor();
}

/** A delete confirmed with every tag of the digest named, then garbage collection with its steps and bytes freed. */
export async function deletesConfirmedThenCollects({ page, hub, shoot }: Steps) {
  const table = page.getByRole("table", { name: "Images in the local registry" });
  await table
    .getByRole("row")
    .filter({ has: page.getByRole("button", { name: "tools/scratch:2.0" }) })
    .getByRole("button", { name: "Delete" })
    .click();
  const dialog = page.getByRole("dialog", { name: "Delete tools/scratch:2.0?" });
  const doomed = dialog.getByRole("list", { name: "Tags deleted" }).getByRole("listitem");
  await doomed.first().waitFor();
  await expect(doomed.allTextContents()).resolves.toEqual(["tools/scratch:2.0", "tools/scratch:stable"]);
  await shoot("registry-delete");
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
  await table.getByRole("button", { name: "tools/scratch:stable" }).waitFor({ state: "detached" });
  const listed = await hub.api<{ repositories: { name: string }[] }>("GET", "/registry");
  expect(listed.body.repositories.map((r) => r.name)).toEqual(["mcp/fetch", "mcp/notes"]);

  await page.getByRole("button", { name: "Collect garbage" }).click();
  const gc = page.getByRole("dialog", { name: "Collect garbage" });
  await gc.getByRole("button", { name: "Collect garbage" }).click();
  // Standalone, the steps arrive as they happen: the collection itself shows while it runs.
  await gc.getByText(/^Collecting garbage \(untagged manifests too\)…$/).waitFor();
  const freed = page.getByRole("dialog", { name: "Garbage collected" }).getByText(/^Freed /);
  await freed.waitFor({ timeout: 60_000 });
  const [, amount, unit] = /^Freed ([\d.]+) (kB|MB)/.exec((await freed.textContent()) ?? "") ?? [];
  expect(Number(amount) * (unit === "MB" ? 1000 : 1)).toBeGreaterThan(1_900); // the 2 MB payload, in kB
  // Behind the dialog, the registry lists again once it is back (the hub reports it running as it starts).
  await page.getByRole("table", { name: "Images in the local registry", includeHidden: true }).waitFor();
  await shoot("registry-gc");
  await page
    .getByRole("dialog", { name: "Garbage collected" })
    .getByRole("button", { name: "Close" })
    .click();
}

/** Add as server opens the filled-in form; the server runs from the pulled image; a delete then names it. */
export async function addsAsServerThenWarns({ page, hub, shoot }: Steps) {
  const image = `127.0.0.1:${hub.registryPort}/mcp/notes:1.0`;
  const table = page.getByRole("table", { name: "Images in the local registry" });
  const notes = table.getByRole("row").filter({ has: page.getByRole("button", { name: "mcp/notes:1.0" }) });
  await notes.getByRole("button", { name: "Add as server" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await expect(dialog.getByRole("textbox", { name: "Image" }).inputValue()).resolves.toBe(image);
  await expect(dialog.getByRole("textbox", { name: "Name" }).inputValue()).resolves.toBe("notes");
  await dialog.getByRole("button", { name: "Add server" }).click();
  await dialog.waitFor({ state: "hidden" });
  // The engine pulled it from the hub's registry (its local names went after the push) and it runs.
  const row = page.getByRole("table", { name: "MCP servers" }).getByRole("row").filter({ hasText: image });
  await row.getByText("ready").waitFor();

  await page.getByRole("tab", { name: "Registry" }).click();
  await notes.getByRole("link", { name: "notes" }).waitFor();
  await notes.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete mcp/notes:1.0?" });
  await confirm.getByText(/^Used by the server notes\./).waitFor();
  await expect(confirm.getByRole("button", { name: "Delete", exact: true }).count()).resolves.toBe(0);
  await confirm.getByRole("button", { name: "Delete anyway" }).waitFor();
  await shoot("registry-delete-in-use");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await confirm.waitFor({ state: "hidden" });
}

/** Inside Docker Desktop, which cannot stream: a spinner, then the result from the plain JSON answer. */
export async function collectsInDesktop(inDesktop: Page, hub: RegistryHub) {
  await inDesktop.goto(`${hub.url}/#/registry`);
  await inDesktop.getByRole("button", { name: "mcp/notes:1.0" }).waitFor();
  await inDesktop.getByRole("button", { name: "Collect garbage" }).click();
  const gc = inDesktop.getByRole("dialog", { name: "Collect garbage" });
  await gc.getByRole("button", { name: "Collect garbage" }).click();
  await gc.getByText(/^Collecting garbage… the registry is back once it ends\.$/).waitFor();
  await inDesktop
    .getByRole("dialog", { name: "Garbage collected" })
    .getByText(/^Freed /)
    .waitFor();
  const calls = await inDesktop.evaluate(desktopCalls);
  expect(calls).toContainEqual({ method: "GET", path: "/api/registry" });
  expect(calls).toContainEqual({ method: "POST", path: "/api/registry/gc" });
}
