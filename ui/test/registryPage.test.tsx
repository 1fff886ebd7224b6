import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { RegistryResponse } from "../src/api";
import { setToken } from "../src/api/token";
import { fakeHub } from "./fakeHub";
import {
  controlledEventStream,
  listing,
  notes,
  scratch,
  scratchStable,
  tagDetail,
  time,
} from "./registryFixtures";
import { renderApp } from "./renderApp";

const all = [notes, scratch, scratchStable, time];

/** The rows of the images table, each as the text of its Repository and Tag cells. */
function rows(): string[] {
  const table = screen.getByRole("table", { name: "Images in the local registry" });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => {
      const [repository, tag] = within(row).getAllByRole("cell");
      return `${repository!.firstChild?.textContent}:${tag!.textContent}`;
    });
}

describe("Registry page: what the registry's state means", () => {
  it.each([
    ["in Docker Desktop", true, /Update or reinstall the extension/],
    ["standalone", false, /starts the hub with its registry/],
  ])("says how a registry starts when the hub keeps none (%s)", async (_where, desktop, how) => {
    const hub = fakeHub({ "GET /api/registry": () => listing([], { state: "disabled" }) });
    if (desktop) hub.installDesktop();
    else {
      hub.installStandalone("tok");
      setToken("tok");
    }
    renderApp("/registry");
    expect(await screen.findByText("The hub keeps no local registry here")).toBeInTheDocument();
    expect(screen.getByText(how)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Collect garbage" })).not.toBeInTheDocument();
  });

  it("shows why the registry is not running, and where to change its port", async () => {
    const error = "ports 5000-5019 are all taken; choose another registry port in Settings";
    fakeHub({
      "GET /api/registry": () => ({
        ...listing([], { state: "failed", port: 5000, error }),
        error: `the registry could not start: ${error}`,
      }),
    }).installDesktop();
    renderApp("/registry");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The local registry is not running");
    expect(alert).toHaveTextContent(error);
    expect(within(alert).getByRole("link", { name: "Open Settings" })).toHaveAttribute("href", "#/settings");
    expect(screen.getByText("Not running")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Collect garbage" })).toBeDisabled();
  });

  it("says the registry fell back from a taken port, and how to push to the port in use when it is empty", async () => {
    fakeHub({
      "GET /api/registry": () => listing([], { state: "running", port: 5001, wantedPort: 5000 }),
    }).installDesktop();
    renderApp("/registry");
    expect(await screen.findByText("The registry is empty")).toBeInTheDocument();
    expect(screen.getByText(/Port 5000 is taken, so the registry uses 5001\./)).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Local registry" })).toHaveTextContent("Running127.0.0.1:5001");
    expect(screen.getByText(/docker push 127\.0\.0\.1:5001\/my-server:1\.0/)).toBeInTheDocument();
  });

  it("shows the hub's reason when a running registry cannot list, with a retry", async () => {
    let answer: RegistryResponse = {
      ...listing([]),
      error: "the registry did not answer: connect ECONNREFUSED",
    };
    fakeHub({ "GET /api/registry": () => answer }).installDesktop();
    const user = userEvent.setup();
    renderApp("/registry");
    expect(await screen.findByText("Could not list the registry's images")).toBeInTheDocument();
    expect(screen.getByText(/connect ECONNREFUSED/)).toBeInTheDocument();
    answer = listing([notes]);
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("table", { name: "Images in the local registry" })).toBeInTheDocument();
  });
});

describe("Registry page: images", () => {
  it("lists every tag with size, age, digest, risk and the servers using it, and searches names and labels", async () => {
    fakeHub({ "GET /api/registry": () => listing(all) }).installDesktop();
    const user = userEvent.setup();
    renderApp("/registry");
    await screen.findByRole("table", { name: "Images in the local registry" });
    expect(rows()).toEqual(["mcp/notes:1.0", "mcp/time:latest", "tools/scratch:2.0", "tools/scratch:stable"]);
    expect(screen.getByText("3 repositories, 4 tags, 14.6 MB")).toBeInTheDocument();
    const row = screen.getByRole("button", { name: "mcp/notes:1.0" }).closest("tr")!;
    expect(within(row).getByText("a1a1a1a1a1a1")).toHaveAttribute("title", notes.digest);
    expect(within(row).getByText("high")).toBeInTheDocument();
    expect(within(row).getByText("2 days ago")).toBeInTheDocument();
    expect(within(row).getByText("2.16 MB")).toBeInTheDocument();
    expect(within(row).getByRole("link", { name: "notes" })).toHaveAttribute(
      "href",
      "#/servers?server=notes",
    );

    const search = screen.getByRole("searchbox", { name: "Search" });
    await user.type(search, "keeper"); // a label's value
    expect(rows()).toEqual(["mcp/notes:1.0"]);
    expect(screen.getByText("1 of 4 tags")).toBeInTheDocument();
    await user.clear(search);
    await user.type(search, "governance.level low"); // a label's name and value, two words
    expect(rows()).toEqual(["mcp/time:latest"]);
    await user.clear(search);
    await user.type(search, "SCRATCH");
    expect(rows()).toEqual(["tools/scratch:2.0", "tools/scratch:stable"]);
    await user.type(search, " nothing-like-it");
    expect(screen.getByText("No image matches this search")).toBeInTheDocument();
  });

  it("shows a tag's details: the reference to pull, the other tags on its digest, platforms and labels", async () => {
    const hub = fakeHub({
      "GET /api/registry": () => listing(all),
      "GET /api/registry/tag": (_body, url) => tagDetail(all, url),
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/registry");
    await user.click(await screen.findByRole("button", { name: "tools/scratch:stable" }));
    const details = screen.getByRole("region", { name: "Tag tools/scratch:stable" });
    expect(within(details).getByText("127.0.0.1:5000/tools/scratch:stable")).toBeInTheDocument();
    expect(await within(details).findByText("2.0")).toBeInTheDocument(); // also tagged
    expect(within(details).getByText("The image has no labels.")).toBeInTheDocument();
    expect(window.location.hash).toBe("#/registry?repository=tools%2Fscratch&tag=stable");

    await user.click(screen.getByRole("button", { name: "mcp/time:latest" }));
    const multi = screen.getByRole("region", { name: "Tag mcp/time:latest" });
    const platforms = within(multi).getByRole("table", { name: "Platforms" });
    expect(within(platforms).getByText("linux/arm64/v8")).toBeInTheDocument();
    expect(within(platforms).getAllByText("4.7 MB")).toHaveLength(2);
    const labels = within(multi).getByRole("table", { name: "Labels" });
    expect(within(labels).getByText("mcp.governance.level")).toBeInTheDocument();
    expect(await within(multi).findByText("no other tag")).toBeInTheDocument();
  });

  it("adds a tag as a server: the Servers page's form opens with its image, name and risk filled in", async () => {
    const hub = fakeHub({
      "GET /api/registry": () => listing(all),
      "GET /api/servers": () => ({ servers: [] }),
      "POST /api/servers": (body) => ({ ...(body as object), state: "ready" }),
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/registry");
    const row = (await screen.findByRole("button", { name: "mcp/notes:1.0" })).closest("tr")!;
    await user.click(within(row).getByRole("button", { name: "Add as server" }));
    const dialog = await screen.findByRole("dialog", { name: "Add an MCP server" });
    expect(within(dialog).getByRole("textbox", { name: "Image" })).toHaveValue(
      "127.0.0.1:5000/mcp/notes:1.0",
    );
    expect(within(dialog).getByRole("textbox", { name: "Name" })).toHaveValue("notes");
    expect(within(dialog).getByRole("combobox", { name: "Risk level" })).toHaveTextContent("high");
    expect(window.location.hash).toMatch(/^#\/servers\?add=1&/);
    await user.click(within(dialog).getByRole("button", { name: "Add server" }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.method === "POST")?.body).toMatchObject({
        kind: "image",
        name: "notes",
        image: "127.0.0.1:5000/mcp/notes:1.0",
        risk: "high",
      }),
    );
  });
});

describe("Registry page: garbage collection", () => {
  const result = {
    beforeBytes: 5_300_000,
    afterBytes: 3_200_000,
    freedBytes: 2_100_000,
    deletedUntagged: true,
  };

  it("standalone, shows each step as it comes, then the bytes freed", async () => {
    const stream = controlledEventStream();
    const hub = fakeHub({
      "GET /api/registry": () => listing(all),
      "POST /api/registry/gc": () => stream.response,
    });
    hub.installStandalone("tok");
    setToken("tok");
    const user = userEvent.setup();
    renderApp("/registry");
    await user.click(await screen.findByRole("button", { name: "Collect garbage" }));
    const dialog = await screen.findByRole("dialog", { name: "Collect garbage" });
    expect(within(dialog).getByText(/The registry stops while it runs/)).toBeInTheDocument();
    expect(hub.calls.some((c) => c.path === "/api/registry/gc")).toBe(false); // asked first
    await user.click(within(dialog).getByRole("button", { name: "Collect garbage" }));

    stream.send("step", { step: "stopping the registry" });
    expect(await within(dialog).findByText("Stopping the registry…")).toBeInTheDocument();
    stream.send("step", { step: "collecting garbage (untagged manifests too)" });
    expect(
      await within(dialog).findByText("Collecting garbage (untagged manifests too)…"),
    ).toBeInTheDocument();
    expect(within(dialog).getByText("Stopping the registry — done")).toBeInTheDocument();
    expect(within(dialog).getByRole("progressbar", { name: "Collecting garbage" })).toBeInTheDocument();
    stream.send("result", { ...result, output: "blob eligible for deletion: sha256:b2b2" });
    stream.end();

    expect(
      await screen.findByText("Freed 2.1 MB: the registry's storage went from 5.3 MB to 3.2 MB."),
    ).toBeInTheDocument();
    expect(screen.getByText(/blob eligible for deletion/)).toBeInTheDocument();
    const gc = hub.calls.find((c) => c.path === "/api/registry/gc")!;
    expect(gc.headers?.accept).toBe("text/event-stream");
  });

  it("inside Docker Desktop, which cannot stream: a spinner, then the result from the plain answer", async () => {
    let answer: (value: unknown) => void = () => undefined;
    const hub = fakeHub({
      "GET /api/registry": () => listing(all),
      "POST /api/registry/gc": () => new Promise((resolve) => (answer = resolve)),
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/registry");
    await user.click(await screen.findByRole("button", { name: "Collect garbage" }));
    const dialog = await screen.findByRole("dialog", { name: "Collect garbage" });
    await user.click(within(dialog).getByRole("button", { name: "Collect garbage" }));
    expect(await within(dialog).findByText(/Collecting garbage… the registry is back/)).toBeInTheDocument();
    answer({ ...result, deletedUntagged: false, output: "" });
    expect(await screen.findByText(/^Freed 2\.1 MB/)).toBeInTheDocument();
    expect(screen.getByText(/Untagged manifests were kept/)).toBeInTheDocument();
    expect(hub.calls.filter((c) => c.path === "/api/registry/gc")).toHaveLength(1);
  });

  it("says why it failed, and offers to try again", async () => {
    const stream = controlledEventStream();
    fakeHub({
      "GET /api/registry": () => listing(all),
      "POST /api/registry/gc": () => stream.response,
    }).installStandalone("tok");
    setToken("tok");
    const user = userEvent.setup();
    renderApp("/registry");
    await user.click(await screen.findByRole("button", { name: "Collect garbage" }));
    const dialog = await screen.findByRole("dialog", { name: "Collect garbage" });
    await user.click(within(dialog).getByRole("button", { name: "Collect garbage" }));
    stream.send("error", {
      error: "registry_unavailable",
      message: "the registry is collecting",
      status: 503,
    });
    stream.end();
    expect(
      await within(dialog).findByText(/Garbage collection failed: the registry is collecting/),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
