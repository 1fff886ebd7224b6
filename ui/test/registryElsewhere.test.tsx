import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { RegistryStatus, SettingsView } from "../src/api";
import { fakeHub } from "./fakeHub";
import { listing, notes, scratch, scratchStable } from "./registryFixtures";
import { renderApp } from "./renderApp";

const status = (registry: RegistryStatus) => ({
  version: "0.1.0",
  startedAt: "",
  uptimeSeconds: 42,
  servers: { total: 1, ready: 1 },
  tools: 3,
  sessions: 1,
  registry,
});
const fellBack: RegistryStatus = { state: "running", port: 5001, wantedPort: 5000 };

describe("the registry on the Overview", () => {
  it("shows its state, the port really in use and how many images it holds", async () => {
    fakeHub({
      "GET /api/status": () => status(fellBack),
      "GET /api/registry": () => listing([notes, scratch, scratchStable], fellBack),
    }).installDesktop();
    renderApp("/");
    const card = await screen.findByRole("region", { name: "Local registry" });
    expect(within(card).getByText("Running")).toBeInTheDocument();
    expect(await within(card).findByText(/^127\.0\.0\.1:5001 · 3 images/)).toHaveTextContent(
      "127.0.0.1:5001 · 3 images — Port 5000 is taken, so the registry uses 5001.",
    );
    expect(within(card).getByRole("link", { name: "Open Registry" })).toHaveAttribute("href", "#/registry");
  });

  it("says why it is not running", async () => {
    fakeHub({
      "GET /api/status": () => status({ state: "failed", port: 5000, error: "no such image: registry:2" }),
      "GET /api/registry": () => listing([], { state: "failed", port: 5000, error: "no such image" }),
    }).installDesktop();
    renderApp("/");
    const card = await screen.findByRole("region", { name: "Local registry" });
    expect(within(card).getByText("Not running")).toBeInTheDocument();
    expect(
      within(card).getByText("Could not start on port 5000: no such image: registry:2"),
    ).toBeInTheDocument();
  });

  it("says when the hub keeps none, without asking for a listing", async () => {
    const hub = fakeHub({ "GET /api/status": () => status({ state: "disabled" }) });
    hub.installDesktop();
    renderApp("/");
    expect(await screen.findByText("The hub keeps no local registry here.")).toBeInTheDocument();
    expect(hub.calls.map((c) => c.path)).not.toContain("/api/registry");
  });
});

describe("the registry port in Settings", () => {
  const settings = (patch: Partial<SettingsView>): { settings: SettingsView } => ({
    settings: { callTimeoutMs: 60_000, readOnly: false, hubPort: 3010, registry: fellBack, ...patch },
  });

  it("is editable, moves the registry, shows the port really in use, and goes back to the default", async () => {
    let current = settings({});
    const hub = fakeHub({
      "GET /api/settings": () => current,
      "PUT /api/settings": (body) => {
        const { registryPort } = body as { registryPort: number | null };
        current =
          registryPort === null
            ? settings({})
            : settings({
                registryPort,
                registry: { state: "running", port: registryPort, wantedPort: registryPort },
              });
        return current;
      },
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/settings");
    const field = await screen.findByRole("spinbutton", { name: "Local registry port" });
    // Unset: the default the hub wanted, and beside it the port it took because that one was taken.
    expect(field).toHaveValue(5000);
    expect(screen.getByText("The default")).toBeInTheDocument();
    expect(screen.getByText("127.0.0.1:5001")).toBeInTheDocument();
    expect(screen.getByText("Port 5000 is taken, so the registry uses 5001.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Move registry" })).toBeDisabled(); // nothing changed yet
    expect(screen.queryByRole("button", { name: "Use the default" })).not.toBeInTheDocument();

    await user.clear(field);
    await user.type(field, "70000");
    expect(screen.getByText("Between 1 and 65535")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Move registry" })).toBeDisabled();
    await user.clear(field);
    await user.type(field, "5050");
    await user.click(screen.getByRole("button", { name: "Move registry" }));
    expect(await screen.findByText("127.0.0.1:5050")).toBeInTheDocument();
    expect(screen.getByText("Set here")).toBeInTheDocument();
    expect(screen.queryByText(/is taken/)).not.toBeInTheDocument();
    expect(hub.calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([{ registryPort: 5050 }]);

    await user.click(screen.getByRole("button", { name: "Use the default" }));
    expect(await screen.findByText("127.0.0.1:5001")).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole("spinbutton", { name: "Local registry port" })).toHaveValue(5000),
    );
    expect(hub.calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([
      { registryPort: 5050 },
      { registryPort: null },
    ]);
  });

  it("has no port to set when the hub keeps no registry", async () => {
    fakeHub({ "GET /api/settings": () => settings({ registry: { state: "disabled" } }) }).installDesktop();
    renderApp("/settings");
    expect(
      await screen.findByText(/keeps no local registry here, so it has no port to set/),
    ).toBeInTheDocument();
    expect(screen.queryByRole("spinbutton", { name: "Local registry port" })).not.toBeInTheDocument();
  });
});
