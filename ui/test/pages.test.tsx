import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EMPTY_STATUS, fakeHub, HttpFailure } from "./fakeHub";
import { renderApp } from "./renderApp";
import { setToken } from "../src/api/token";

const emptyStatus = EMPTY_STATUS;
const fixture = {
  name: "fixture",
  kind: "image",
  transport: "stdio",
  state: "ready",
  since: "",
  restarts: 2,
  breaker: "closed",
  enabled: true,
  lastError: "exited with code 1",
  config: { kind: "image", name: "fixture", image: "mcp-hub-test/fixture:dev", transport: "stdio" },
  counts: { tools: 1, prompts: 0, resources: 0, resourceTemplates: 0 },
};
const echo = {
  name: "echo",
  namespacedName: "fixture__echo",
  description: "Echoes its text",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
};

describe("Overview", () => {
  it("tells a fresh install what to do next", async () => {
    fakeHub({ "GET /api/status": () => emptyStatus }).installDesktop();
    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Get started" })).toBeInTheDocument();
    // The next steps instead of a row of zeros: the add dialog, then the Clients page.
    expect(screen.getByRole("link", { name: "Add server" })).toHaveAttribute("href", "#/servers?add=1");
    expect(screen.getByRole("link", { name: "Open Clients" })).toHaveAttribute("href", "#/clients");
    expect(screen.queryByText("Client sessions")).not.toBeInTheDocument();
    // The header: name, version and the hub's state.
    expect(screen.getByRole("heading", { level: 1, name: "MCP Hub" })).toBeInTheDocument();
    expect(screen.getByText("v0.1.0")).toBeInTheDocument();
    expect(screen.getByText("Running")).toBeInTheDocument();
  });

  it("still guides a hub whose only server is built in (the registry's tools)", async () => {
    fakeHub({
      "GET /api/status": () => ({ ...emptyStatus, servers: { total: 1, ready: 1 }, tools: 12 }),
      "GET /api/servers": () => ({
        servers: [{ ...fixture, name: "registry", kind: "builtin", config: null, lastError: undefined }],
      }),
    }).installDesktop();
    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Get started" })).toBeInTheDocument();
  });

  it("points to the Clients page when servers run but no client is connected", async () => {
    fakeHub({
      "GET /api/status": () => ({ ...emptyStatus, servers: { total: 1, ready: 1 }, tools: 3 }),
    }).installDesktop();
    renderApp("/");
    expect(await screen.findByText(/No MCP client is using the hub right now/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open Clients" })).toHaveAttribute("href", "#/clients");
    expect(screen.getByText("Client sessions")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Get started" })).not.toBeInTheDocument();
  });

  it("says what to do when the hub cannot be reached", async () => {
    (window as { ddClient?: unknown }).ddClient = {
      extension: { vm: { service: { get: () => Promise.reject({ message: "connect ECONNREFUSED" }) } } },
    };
    renderApp("/");
    expect(await screen.findByText("Could not load the hub status")).toBeInTheDocument();
    expect(screen.getByText(/restart the extension/)).toBeInTheDocument();
  });
});

describe("counts read as English", () => {
  it.each([
    [{ total: 1, ready: 0 }, "The server is not ready."],
    [{ total: 2, ready: 0 }, "None of the 2 servers are ready."],
    [{ total: 2, ready: 1 }, "1 of 2 servers is not ready."],
    [{ total: 3, ready: 1 }, "2 of 3 servers are not ready."],
  ])("overview warning for %o", async (servers, text) => {
    fakeHub({ "GET /api/status": () => ({ ...emptyStatus, servers }) }).installDesktop();
    renderApp("/");
    expect(await screen.findByText(new RegExp(`^${text.replace(".", "\\.")}`))).toBeInTheDocument();
  });

  it("says 2 servers on the Servers page", async () => {
    fakeHub({
      "GET /api/servers": () => ({ servers: [fixture, { ...fixture, name: "other", state: "failed" }] }),
    }).installDesktop();
    renderApp("/servers");
    expect(await screen.findByText("2 servers, 1 ready")).toBeInTheDocument();
  });
});

describe("Servers", () => {
  it("lists servers and calls a tool from the form generated from its schema", async () => {
    const hub = fakeHub({
      "GET /api/servers": () => ({ servers: [fixture] }),
      "GET /api/servers/fixture/tools": () => ({ tools: [echo] }),
      "POST /api/servers/fixture/tools/echo/call": (body) => ({
        outcome: "ok",
        result: {
          content: [
            { type: "text", text: `echo: ${(body as { arguments: { text: string } }).arguments.text}` },
          ],
        },
        progress: [{ progress: 1, total: 1 }],
        latencyMs: 7,
      }),
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/servers");
    const row = (await screen.findByRole("button", { name: "fixture" })).closest("tr")!;
    expect(screen.getByText("1 server, 1 ready")).toBeInTheDocument();
    expect(within(row).getByText("exited with code 1")).toBeInTheDocument();
    expect(within(row).getByText("ready")).toBeInTheDocument();
    // The name starts where the column's other text does, not centred in a button's minimum width.
    expect(screen.getByRole("button", { name: "fixture" })).toHaveStyle({
      justifyContent: "flex-start",
      minWidth: "0",
    });

    await user.click(screen.getByRole("button", { name: "fixture" }));
    await user.click(await screen.findByRole("button", { name: /echo/ }));
    await user.click(screen.getByRole("button", { name: "Call echo" }));
    expect(await screen.findByText("Required")).toBeInTheDocument(); // nothing sent without the required field
    expect(hub.calls.some((c) => c.method === "POST")).toBe(false);

    await user.type(screen.getByRole("textbox", { name: /^text/ }), "hello");
    await user.click(screen.getByRole("button", { name: "Call echo" }));
    expect(await screen.findByText("echo: hello")).toBeInTheDocument();
    expect(screen.getByText("OK in 7 ms, 1 progress update")).toBeInTheDocument();
    expect(hub.calls.find((c) => c.method === "POST")?.body).toEqual({ arguments: { text: "hello" } });
  });

  it("adds an image server from the dialog", async () => {
    let servers: unknown[] = [];
    const hub = fakeHub({
      "GET /api/servers": () => ({ servers }),
      "GET /api/status": () => emptyStatus,
      "POST /api/servers": (body) => {
        servers = [{ ...fixture, name: "time", lastError: undefined }];
        return { ...fixture, ...(body as object) };
      },
      "GET /api/servers/time/tools": () => ({ tools: [] }),
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/servers");
    await user.click(await screen.findByRole("button", { name: "Add server" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText(/Name/), "time");
    await user.type(within(dialog).getByLabelText(/Image/), "mcp/time");
    await user.click(within(dialog).getByRole("button", { name: "Add server" }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.method === "POST")?.body).toMatchObject({
        kind: "image",
        name: "time",
        image: "mcp/time",
        transport: "stdio",
      }),
    );
    // The new server is listed and selected (its details open), and the toast confirms.
    expect(await screen.findByText("Added time (ready)", {}, { timeout: 5_000 })).toBeInTheDocument();
    // (role queries see the page again once the dialog's closing transition ends)
    await waitFor(
      () => expect(screen.getByRole("button", { name: "time" })).toHaveAttribute("aria-expanded", "true"),
      { timeout: 5_000 },
    );
    expect(window.location.hash).toBe("#/servers?server=time");
  });
});

/** What GET /api/clients/setup answers (backend clients/setup.ts), trimmed to two clients. */
const bridgeArgs = (client: string) =>
  [
    "run",
    "-i",
    "--rm",
    "--network",
    "mcp-hub",
    "-v",
    "mcp-hub-data:/data:ro",
    "mcp-hub-bridge:latest",
  ].concat("--client", client);
const setupGuide = {
  platform: "linux",
  home: "~",
  exactHome: false,
  clients: [
    {
      client: "claude-desktop",
      displayName: "Claude Desktop",
      file: "~/.config/Claude/claude_desktop_config.json",
      serversPath: ["mcpServers"],
      entryName: "mcp-hub",
      afterChange: "Quit and restart Claude Desktop.",
      options: [
        {
          transport: "stdio",
          entry: { command: "docker", args: bridgeArgs("claude-desktop") },
          newFile: `${JSON.stringify(
            { mcpServers: { "mcp-hub": { command: "docker", args: bridgeArgs("claude-desktop") } } },
            null,
            2,
          )}\n`,
          command: "host/linux/mcp-hub-host connect claude-desktop",
        },
      ],
    },
    {
      client: "cursor",
      displayName: "Cursor",
      file: "~/.cursor/mcp.json",
      serversPath: ["mcpServers"],
      entryName: "mcp-hub",
      afterChange: "Cursor reloads mcp.json.",
      options: [
        {
          transport: "stdio",
          entry: { command: "docker", args: bridgeArgs("cursor") },
          newFile: "{}\n",
          command: "host/linux/mcp-hub-host connect cursor",
        },
        {
          transport: "http",
          entry: { url: "http://127.0.0.1:3010/mcp" },
          newFile: "{}\n",
          command: "host/linux/mcp-hub-host connect cursor --transport http",
          token: { from: "env", name: "MCP_HUB_TOKEN" },
        },
      ],
    },
  ],
};

describe("Clients", () => {
  it("explains how to connect by hand when the hub has no client writer (501), in the hub's own words", async () => {
    const hub = fakeHub({
      "GET /api/clients": () => {
        throw new HttpFailure(501, { error: "not_implemented", message: "not yet" });
      },
      "GET /api/clients/setup": (_body, url) => ({
        ...setupGuide,
        platform: url.searchParams.get("platform"),
      }),
    });
    hub.installStandalone("tok");
    setToken("tok"); // the standalone hub answers 501 when it has no home mounted
    const user = userEvent.setup();
    renderApp("/clients");
    expect(await screen.findByRole("heading", { name: "Connect a client by hand" })).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    // jsdom's user agent says Linux; the page asks for that platform's setup.
    expect(hub.calls.map((c) => c.path)).toContain("/api/clients/setup?platform=linux");

    // Verbatim from the hub: the helper command and the file connect would write, bridge volume included.
    const command = await screen.findByLabelText(/^With the host helper/);
    expect(command).toHaveTextContent(/^host\/linux\/mcp-hub-host connect claude-desktop$/);
    const file = screen.getByLabelText("Or by hand, in ~/.config/Claude/claude_desktop_config.json");
    expect(file.textContent).toBe(setupGuide.clients[0]!.options[0]!.newFile);
    expect(file).toHaveTextContent("mcp-hub-data:/data:ro");
    expect(screen.queryByText(/docker exec/)).not.toBeInTheDocument();
    expect(screen.getByText(/~ stands for your home folder/)).toBeInTheDocument();

    await user.click(screen.getByRole("combobox", { name: "Client" }));
    await user.click(await screen.findByRole("option", { name: "Cursor" }));
    await user.click(screen.getByRole("button", { name: "HTTP" }));
    expect(screen.getByLabelText(/^With the host helper/)).toHaveTextContent(
      "host/linux/mcp-hub-host connect cursor --transport http",
    );
    expect(screen.getByText(/reads the hub's token from MCP_HUB_TOKEN/)).toBeInTheDocument();
  });

  it("inside a Desktop without the host helper: the same guide, copied with Desktop's own toast", async () => {
    fakeHub({ "GET /api/clients/setup": () => setupGuide }).installDesktop();
    const toast = { success: vi.fn(), warning: vi.fn(), error: vi.fn() };
    Object.assign((window as { ddClient?: object }).ddClient!, {
      desktopUI: { toast },
      host: { platform: "win32" },
    });
    const user = userEvent.setup(); // with a clipboard of its own on navigator
    renderApp("/clients");
    expect(await screen.findByText(/did not give this extension its host helper/)).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Your system" })).toHaveTextContent("Windows");
    await user.click(await screen.findByRole("button", { name: "Copy the command" }));
    expect(await navigator.clipboard.readText()).toBe("host/linux/mcp-hub-host connect claude-desktop");
    expect(toast.success).toHaveBeenCalledWith("Copied the command");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument(); // no second, in-page toast
  });

  it("lists installed clients first and the others quieter, with a secondary Connect", async () => {
    const client = {
      scope: "user",
      fileExists: false,
      hasBackup: false,
      transports: ["stdio"],
      afterChange: "Restart it.",
      status: "not-configured",
    };
    fakeHub({
      "GET /api/clients": () => ({
        platform: "linux",
        clients: [
          { ...client, client: "claude-desktop", displayName: "Claude Desktop", installed: false, file: "a" },
          { ...client, client: "cursor", displayName: "Cursor", installed: true, file: "b" },
          { ...client, client: "zed", displayName: "Zed", installed: false, file: "c" },
        ],
      }),
    }).installStandalone("tok");
    setToken("tok");
    renderApp("/clients");
    await screen.findByText("Cursor");
    const rows = within(screen.getByRole("table", { name: "MCP clients" }))
      .getAllByRole("row")
      .slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]!.textContent)).toEqual([
      "Cursor",
      "Claude DesktopNot installed",
      "ZedNot installed",
    ]);
    const connect = (row: HTMLElement) => within(row).getByRole("button", { name: "Connect" });
    expect(connect(rows[0]!)).toHaveClass("MuiButton-contained");
    expect(connect(rows[1]!)).toHaveClass("MuiButton-outlined");
  });

  it("offers Restore backup only where a backup exists, and says why not", async () => {
    const client = {
      scope: "user",
      installed: true,
      fileExists: true,
      transports: ["stdio"],
      afterChange: "Restart it.",
      status: "connected",
      transport: "stdio",
    };
    const hub = fakeHub({
      "GET /api/clients": () => ({
        platform: "linux",
        clients: [
          { ...client, client: "cursor", displayName: "Cursor", file: "~/.cursor/mcp.json", hasBackup: true },
          {
            ...client,
            client: "zed",
            displayName: "Zed",
            file: "~/.config/zed/settings.json",
            hasBackup: false,
          },
        ],
      }),
      "POST /api/clients/cursor/restore": () => ({ status: "restored" }),
    });
    hub.installStandalone("tok");
    setToken("tok");
    const user = userEvent.setup();
    renderApp("/clients");
    const rowOf = async (name: string) => (await screen.findByText(name)).closest("tr")!;
    const zedRestore = within(await rowOf("Zed")).getByRole("button", { name: "Restore backup" });
    expect(zedRestore).toBeDisabled();
    await user.hover(zedRestore.parentElement!);
    expect(await screen.findByRole("tooltip")).toHaveTextContent(/Nothing to restore/);

    const cursorRestore = within(await rowOf("Cursor")).getByRole("button", { name: "Restore backup" });
    expect(cursorRestore).toBeEnabled();
    await user.click(cursorRestore);
    await waitFor(() =>
      expect(hub.calls.filter((c) => c.method === "POST").map((c) => c.path)).toEqual([
        "/api/clients/cursor/restore",
      ]),
    );
  });
});

describe("Activity", () => {
  it("shows audit events with latency and filters by outcome", async () => {
    const hub = fakeHub({
      "GET /api/servers": () => ({ servers: [fixture] }),
      "GET /api/audit": (_b, url) => ({
        events:
          url.searchParams.get("outcome") === "error"
            ? []
            : [
                {
                  time: new Date().toISOString(),
                  client: "vscode",
                  server: "fixture",
                  method: "tools/call",
                  name: "echo",
                  outcome: "ok",
                  latencyMs: 12.4,
                },
              ],
      }),
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/activity");
    expect(await screen.findByText("12 ms")).toBeInTheDocument();
    await user.click(screen.getByRole("combobox", { name: "Outcome" }));
    await user.click(await screen.findByRole("option", { name: "error" }));
    expect(await screen.findByText("No calls match these filters")).toBeInTheDocument();
    expect(hub.calls.at(-1)?.path).toBe("/api/audit?limit=200&outcome=error");
  });
});

describe("Activity charts", () => {
  const call = (server: string, latencyMs: number, outcome = "ok") => ({
    time: new Date().toISOString(),
    server,
    method: "tools/call",
    name: "echo",
    outcome,
    latencyMs,
  });

  it("charts calls, error rate and p50/p95 latency per server, readable as text", async () => {
    fakeHub({
      "GET /api/servers": () => ({ servers: [fixture] }),
      "GET /api/audit": () => ({
        events: [
          call("fixture", 10),
          call("fixture", 20),
          call("fixture", 30, "timeout"),
          call("fixture", 400, "error"),
          call("memory", 5),
        ],
      }),
    }).installDesktop();
    renderApp("/activity");
    const calls = await screen.findByRole("figure", { name: "Calls per server" });
    const rows = within(calls).getAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual(["fixture:4 calls", "memory:1 call"]);
    const errors = screen.getByRole("figure", { name: "Error rate per server" });
    expect(within(errors).getByText("50% (2 of 4)")).toBeInTheDocument();
    expect(within(errors).getByText("0% (0 of 1)")).toBeInTheDocument();
    const latency = screen.getByRole("figure", { name: "Latency per server (p50, p95)" });
    expect(within(latency).getByText("p50 20 ms, p95 400 ms")).toBeInTheDocument();
    expect(within(latency).getByText("p50 5 ms, p95 5 ms")).toBeInTheDocument();
    // Bars scale to the largest value: the busiest server's calls bar is full, the other a quarter.
    const widths = within(calls)
      .getAllByTestId("bar")
      .map((bar) => getComputedStyle(bar).width);
    expect(widths).toEqual(["100%", "25%"]);
    expect(screen.getByText(/From the 5 calls listed below/)).toBeInTheDocument();
  });

  it("shows no charts when there are no calls", async () => {
    fakeHub({
      "GET /api/servers": () => ({ servers: [] }),
      "GET /api/audit": () => ({ events: [] }),
    }).installDesktop();
    renderApp("/activity");
    expect(await screen.findByText("No calls yet")).toBeInTheDocument();
    expect(screen.queryByRole("figure")).not.toBeInTheDocument();
  });
});

describe("Settings", () => {
  it.each([
    ["Docker Desktop", true, /compose\/extension\.yaml/],
    ["the standalone dashboard", false, /make run HUB_PORT=…/],
  ])("shows the hub port read-only and, in %s, where to change it", async (_where, desktop, how) => {
    const hub = fakeHub({
      "GET /api/settings": () => ({
        settings: {
          callTimeoutMs: 60_000,
          registryPort: 5001,
          readOnly: false,
          hubPort: 3011,
          registry: { state: "running", port: 5001, wantedPort: 5001 },
        },
      }),
    });
    if (desktop) hub.installDesktop();
    else {
      hub.installStandalone("tok");
      setToken("tok");
    }
    renderApp("/settings");
    const hubPort = await screen.findByRole("textbox", { name: "Hub port" });
    expect(hubPort).toHaveValue("3011");
    expect(hubPort).toHaveAttribute("readonly");
    expect(screen.getByRole("spinbutton", { name: "Local registry port" })).toHaveValue(5001);
    expect(screen.getByText(how)).toBeInTheDocument();
  });

  it("saves the call timeout and rotates the token after a confirmation", async () => {
    const registry = { state: "running", port: 5000, wantedPort: 5000 };
    const hub = fakeHub({
      "GET /api/settings": () => ({ settings: { callTimeoutMs: 60_000, readOnly: false, registry } }),
      "PUT /api/settings": (body) => ({
        settings: { callTimeoutMs: 60_000, readOnly: false, registry, ...(body as object) },
      }),
      "POST /api/token/rotate": () => ({ token: "fresh-token" }),
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/settings");
    const timeout = await screen.findByLabelText("Call timeout (seconds)");
    await user.clear(timeout);
    await user.type(timeout, "90");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.method === "PUT")?.body).toEqual({ callTimeoutMs: 90_000 }),
    );

    await user.click(screen.getByRole("button", { name: "Rotate token" }));
    expect(hub.calls.some((c) => c.path === "/api/token/rotate")).toBe(false);
    await user.click(screen.getByRole("button", { name: "Rotate now" }));
    expect(await screen.findByText("fresh-token")).toBeInTheDocument();
  });
});

describe("standalone dashboard", () => {
  it("asks for the token, then loads with it", async () => {
    const hub = fakeHub({ "GET /api/status": () => emptyStatus });
    hub.installStandalone("tok");
    const user = userEvent.setup();
    renderApp("/");
    await user.type(await screen.findByLabelText("Token"), "tok");
    await user.click(screen.getByRole("button", { name: "Open the dashboard" }));
    expect(await screen.findByText("Get started")).toBeInTheDocument();
    expect(hub.calls.find((c) => c.path === "/api/status")?.headers?.authorization).toBe("Bearer tok");
  });
});
