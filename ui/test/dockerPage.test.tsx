import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeHub } from "./fakeHub";
import { renderApp } from "./renderApp";

const dockerServer = (enabled: boolean) => ({
  name: "docker",
  kind: "builtin",
  transport: "in-process",
  state: enabled ? "ready" : "stopped",
  since: "",
  restarts: 0,
  breaker: "closed",
  enabled,
  config: { kind: "builtin", name: "docker", module: "docker", options: {}, risk: "high", enabled },
  counts: { tools: enabled ? 42 : 0, prompts: 0, resources: 0, resourceTemplates: 0 },
});
const created = {
  engine: { reachable: true },
  stacks: [{ name: "shop", services: 3, running: 3, healthy: 2 }],
  containers: [
    {
      id: "a1",
      name: "shop-web-1",
      image: "nginx:1.27-alpine",
      state: "running",
      status: "Up 1 minute (healthy)",
      health: "healthy",
      stack: "shop",
      service: "web",
      createdBy: "docker",
    },
    {
      id: "b2",
      name: "shop-db-1",
      image: "postgres:16-alpine",
      state: "running",
      status: "Up 1 minute (health: starting)",
      health: "starting",
      stack: "shop",
      service: "db",
      createdBy: "docker",
    },
  ],
  images: [{ id: "c3", tags: ["myapp:dev"], size: 52_428_800 }],
  volumes: [{ name: "shop_db_data", stack: "shop" }],
  networks: [{ name: "shop_app", internal: false, stack: "shop" }],
};

describe("Docker", () => {
  it("turns the docker tools on in one click, after saying what they can do", async () => {
    let enabled = false;
    const hub = fakeHub({
      "GET /api/servers": () => ({ servers: [dockerServer(enabled)] }),
      "GET /api/docker": () => ({
        ...created,
        stacks: [],
        containers: [],
        images: [],
        volumes: [],
        networks: [],
      }),
      "POST /api/servers/docker/enable": () => {
        enabled = true;
        return dockerServer(true);
      },
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/docker");
    expect(await screen.findByText(/Controlling Docker is root on this machine/)).toBeInTheDocument();
    expect(screen.getByText("Nothing created through the hub yet")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Turn on" }));
    await waitFor(() =>
      expect(hub.calls.some((c) => c.method === "POST" && c.path === "/api/servers/docker/enable")).toBe(
        true,
      ),
    );
    expect(await screen.findByRole("button", { name: "Turn off" })).toBeInTheDocument();
    expect(screen.getByText("mode: no-destructive")).toBeInTheDocument();
  });

  it("lists the stacks, containers, images, volumes and networks created through the hub, with their state", async () => {
    fakeHub({
      "GET /api/servers": () => ({ servers: [dockerServer(true)] }),
      "GET /api/docker": () => created,
    }).installDesktop();
    renderApp("/docker");
    const stacks = await screen.findByRole("table", { name: "Stacks" });
    expect(within(stacks).getByText("shop")).toBeInTheDocument();
    const containers = screen.getByRole("table", { name: "Containers" });
    expect(within(containers).getByText("running, healthy")).toBeInTheDocument();
    expect(within(containers).getByText("running, starting")).toBeInTheDocument();
    expect(within(screen.getByRole("table", { name: "Images" })).getByText("50 MB")).toBeInTheDocument();
    expect(
      within(screen.getByRole("table", { name: "Volumes" })).getByText("shop_db_data"),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Created through the hub: 1 stack, 2 containers, 1 image, 1 volume"),
    ).toBeInTheDocument();
  });

  it("says when the engine does not answer", async () => {
    fakeHub({
      "GET /api/servers": () => ({ servers: [dockerServer(true)] }),
      "GET /api/docker": () => ({
        ...created,
        engine: { reachable: false, error: "connect ENOENT /var/run/docker.sock" },
      }),
    }).installDesktop();
    renderApp("/docker");
    expect(await screen.findByText(/The Docker engine did not answer: connect ENOENT/)).toBeInTheDocument();
  });
});
