import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeHub, HttpFailure } from "./fakeHub";
import { renderApp } from "./renderApp";

const status = {
  version: "0.1.0",
  startedAt: "",
  uptimeSeconds: 1,
  servers: { total: 1, ready: 1 },
  tools: 3,
  sessions: 0,
  registry: { state: "disabled" },
};
const helper = {
  name: "helper",
  enabled: true,
  state: "ready",
  since: "",
  restarts: 0,
  breaker: "closed",
  source: "url",
  location: "http://agents.test:9999/",
  card: {
    name: "Helper agent",
    description: "Helps",
    version: "1.2.0",
    protocolVersion: "1.0",
    binding: "JSONRPC",
    streaming: true,
    skills: [{ id: "echo", name: "Echo", description: "Says it back", tags: [], examples: [] }],
    gateway: { available: true },
  },
  tools: ["helper__send_message", "helper__get_task", "helper__cancel_task"],
};
const gateway = { url: "http://127.0.0.1:3011" };

describe("Agents", () => {
  it("lists agents with their card, skills and tools, and the gateway's address", async () => {
    fakeHub({
      "GET /api/status": () => status,
      "GET /api/agents": () => ({ agents: [helper], gateway }),
    }).installDesktop();
    const user = userEvent.setup();
    renderApp("/agents");
    const row = (await screen.findByRole("table", { name: "A2A agents" })).querySelector("tbody tr");
    expect(row).toHaveTextContent(/helper.*Helper agent.*ready.*1/);
    expect(screen.getByText("http://127.0.0.1:3011/agents")).toBeInTheDocument();
    // Left-aligned in its column, like the Servers page's names.
    expect(screen.getByRole("button", { name: "helper" })).toHaveStyle({ justifyContent: "flex-start" });
    await user.click(screen.getByRole("button", { name: "helper" }));
    const card = screen.getByRole("region", { name: "Agent helper" });
    expect(within(card).getByText("A2A 1.0")).toBeInTheDocument();
    expect(within(card).getByRole("list", { name: "Skills" })).toHaveTextContent("Echo — Says it back");
    expect(within(card).getByText(/helper__send_message/)).toBeInTheDocument();
  });

  it("adds an agent by its card URL, and shows the hub's reason when it refuses one", async () => {
    let agents: unknown[] = [];
    const hub = fakeHub({
      "GET /api/status": () => status,
      "GET /api/agents": () => ({ agents, gateway }),
      "POST /api/agents": (body) => {
        const { url } = body as { url: string };
        if (url.includes("broken"))
          throw new HttpFailure(422, {
            error: "agent_refused",
            message: 'agent "bad" was not added: the agent card at http://broken.test/ is not JSON',
          });
        agents = [helper];
        return helper;
      },
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/agents");
    await user.click(await screen.findByRole("button", { name: "Add agent" }));
    let dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByRole("textbox", { name: /Name/ }), "bad");
    await user.type(within(dialog).getByRole("textbox", { name: /Agent Card URL/ }), "http://broken.test/");
    await user.click(within(dialog).getByRole("button", { name: "Add" }));
    // (the open dialog hides the rest of the page from role queries)
    const refusal = await screen.findByRole("alert", { hidden: true });
    expect(refusal).toHaveTextContent(/Could not add the agent.*is not JSON/);
    await user.click(within(refusal).getByRole("button", { name: "Close", hidden: true })); // the next toast waits

    dialog = screen.getByRole("dialog");
    await user.clear(within(dialog).getByRole("textbox", { name: /Name/ }));
    await user.type(within(dialog).getByRole("textbox", { name: /Name/ }), "helper");
    await user.clear(within(dialog).getByRole("textbox", { name: /Agent Card URL/ }));
    await user.type(
      within(dialog).getByRole("textbox", { name: /Agent Card URL/ }),
      "http://agents.test:9999/",
    );
    await user.click(within(dialog).getByRole("button", { name: "Add" }));
    expect(await screen.findByText("Added helper (ready)", {}, { timeout: 5_000 })).toBeInTheDocument();
    expect(hub.calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
      { name: "bad", url: "http://broken.test/" },
      { name: "helper", url: "http://agents.test:9999/" },
    ]);
  });

  it("removes an agent only once the user confirms", async () => {
    let agents: unknown[] = [helper];
    const hub = fakeHub({
      "GET /api/status": () => status,
      "GET /api/agents": () => ({ agents, gateway }),
      "DELETE /api/agents/helper": () => {
        agents = [];
        return undefined;
      },
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/agents");
    await user.click(await screen.findByRole("button", { name: "Remove" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove helper?" });
    expect(hub.calls.some((c) => c.method === "DELETE")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(hub.calls.some((c) => c.method === "DELETE")).toBe(true));
    expect(await screen.findByText("No A2A agents yet", {}, { timeout: 5_000 })).toBeInTheDocument();
  });
});
