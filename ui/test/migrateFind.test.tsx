import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EMPTY_STATUS, fakeHub, HttpFailure } from "./fakeHub";
import { renderApp, renderStandalone } from "./renderApp";
import type { MigrateScanOutput } from "@mcp-hub/contracts";
import { scan } from "./migrateFixtures";

const client = (id: string, displayName: string, more: object) => ({
  client: id,
  displayName,
  scope: "user",
  installed: true,
  file: `/home/ann/${id}.json`,
  fileExists: true,
  hasBackup: false,
  transports: ["stdio"],
  afterChange: "Restart it.",
  status: "not-configured",
  ...more,
});
const noMount = () => {
  throw new HttpFailure(501, { error: "not_implemented", message: "no host home is mounted" });
};

describe("Migrate: finding the servers", () => {
  it("invites the user from the Overview when their clients start servers themselves", async () => {
    const hub = fakeHub({
      "GET /api/status": () => EMPTY_STATUS,
      "GET /api/clients": () => ({
        platform: "linux",
        clients: [
          client("claude-desktop", "Claude Desktop", { servers: 2 }),
          client("cursor", "Cursor", { servers: 1, status: "connected", transport: "stdio" }),
          client("zed", "Zed", { servers: 0 }),
        ],
      }),
    });
    renderStandalone(hub, "/");
    const invite = (await screen.findByText("Your clients start 3 MCP servers themselves")).closest(
      '[role="alert"]',
    ) as HTMLElement;
    expect(invite).toHaveTextContent("Claude Desktop: 2, Cursor: 1.");
    expect(within(invite).getByRole("link", { name: "Open Migrate" })).toHaveAttribute("href", "#/migrate");
    // The rest of the Overview is unchanged: a fresh hub still gets its first steps.
    expect(screen.getByRole("heading", { name: "Get started" })).toBeInTheDocument();
  });

  it("says so when no client starts a server, and the Overview invites nobody", async () => {
    const hub = fakeHub({
      "GET /api/status": () => EMPTY_STATUS,
      "GET /api/clients": () => ({
        platform: "linux",
        clients: [client("cursor", "Cursor", { servers: 0 }), client("zed", "Zed", { fileExists: false })],
      }),
      "GET /api/migrate/runs": () => ({ runs: [] }),
    });
    renderStandalone(hub, "/migrate");
    expect(await screen.findByText("No MCP servers found in your clients")).toBeInTheDocument();
    // The steps to come read as secondary text does, not in MUI's faint disabled grey.
    const icons = screen.getByLabelText("Migration steps").querySelectorAll("svg");
    expect([...icons].map((icon) => getComputedStyle(icon).color)).toEqual([
      "rgb(25, 118, 210)",
      "rgba(0, 0, 0, 0.6)",
      "rgba(0, 0, 0, 0.6)",
      "rgba(0, 0, 0, 0.6)",
    ]);
    expect(screen.queryByRole("button", { name: /^Review/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Upload a config file" })).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole("tab", { name: "Overview" }));
    await screen.findByRole("heading", { name: "Get started" });
    expect(screen.queryByText(/Your clients start/)).not.toBeInTheDocument();
  });

  it("lists the clients with their servers and scans them from the hub's mount of the home", async () => {
    const hub = fakeHub({
      "GET /api/clients": () => ({
        platform: "linux",
        clients: [
          client("claude-desktop", "Claude Desktop", { servers: 3 }),
          client("cline", "Cline", {
            status: "invalid",
            error: { message: "x", line: 2, column: 3, file: "f" },
          }),
        ],
      }),
      "GET /api/migrate/runs": () => ({ runs: [] }),
      "POST /api/migrate/scans/local": () => scan,
      "POST /api/migrate/plans": () => ({ id: "p", scan: scan.id, createdAt: "", servers: [], skipped: [] }),
    });
    renderStandalone(hub, "/migrate");
    const table = await screen.findByRole("table", { name: "Clients on this machine" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole("cell")
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ["Claude Desktop", "/home/ann/claude-desktop.json", "3"],
      ["Cline", "/home/ann/cline.json", "Unreadable file"],
    ]);
    await userEvent.setup().click(screen.getByRole("button", { name: "Review 3 servers" }));
    await waitFor(() => expect(window.location.hash).toBe(`#/migrate?scan=${scan.id}`));
    expect(hub.calls.find((c) => c.path === "/api/migrate/scans/local")?.method).toBe("POST");
  });

  it("uploads a file when the hub cannot see the home; an invalid one is shown with line and column, never its text", async () => {
    const secret = "sk-live-never-shown-42";
    const text = `{\n  "mcpServers": {\n    "x": { "env": { "KEY": "${secret}" } }\n    "y": {}\n  }\n}\n`;
    const invalid = {
      id: "scan-bad",
      createdAt: "",
      platform: "linux",
      files: [
        {
          status: "invalid",
          origin: "upload",
          file: "claude.json",
          error: { message: "CommaExpected", line: 4, column: 5 },
        },
      ],
    };
    const hub = fakeHub({
      "GET /api/clients": noMount,
      "GET /api/migrate/runs": () => ({ runs: [] }),
      "POST /api/migrate/scans": () => invalid,
      "GET /api/migrate/scans/scan-bad": () => invalid,
      "POST /api/migrate/plans": () => ({
        id: "p",
        scan: "scan-bad",
        createdAt: "",
        servers: [],
        skipped: [],
      }),
    });
    const user = userEvent.setup();
    renderStandalone(hub, "/migrate");
    expect(await screen.findByText(/This hub cannot see your home folder/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Review|^Scan/ })).not.toBeInTheDocument();

    await user.upload(
      screen.getByLabelText("Client config file"),
      new File([text], "claude.json", { type: "application/json" }),
    );
    expect(await screen.findByText(/Line 4, column 5: CommaExpected/)).toBeInTheDocument();
    expect(screen.getByText("No MCP servers to migrate")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Nothing to migrate" })).toBeDisabled();
    expect(document.body).not.toHaveTextContent(secret);
    // The text went to the hub as it was, marked as an upload from this platform.
    expect(hub.calls.find((c) => c.path === "/api/migrate/scans")?.body).toEqual({
      platform: "linux",
      files: [{ origin: "upload", file: "claude.json", text }],
    });
  });

  it("refuses a file too large to be a client's config, before sending it", async () => {
    const hub = fakeHub({ "GET /api/clients": noMount, "GET /api/migrate/runs": () => ({ runs: [] }) });
    renderStandalone(hub, "/migrate");
    const big = new File(["x"], "huge.json");
    Object.defineProperty(big, "size", { value: 2 * 1024 * 1024 });
    await userEvent.setup().upload(await screen.findByLabelText("Client config file"), big);
    expect(await screen.findByText(/huge.json is larger than 1 MiB/)).toBeInTheDocument();
    expect(hub.calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("says so when a picked file cannot be read, and sends nothing", async () => {
    const hub = fakeHub({ "GET /api/clients": noMount, "GET /api/migrate/runs": () => ({ runs: [] }) });
    renderStandalone(hub, "/migrate");
    const gone = new File(["{}"], "gone.json");
    gone.text = () => Promise.reject(new Error("the file was moved"));
    await userEvent.setup().upload(await screen.findByLabelText("Client config file"), gone);
    expect(await screen.findByText(/gone.json could not be read: the file was moved/)).toBeInTheDocument();
    expect(hub.calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("inside Docker Desktop, scans through the host helper", async () => {
    const hub = fakeHub({
      "GET /api/migrate/runs": () => ({ runs: [] }),
      "POST /api/migrate/plans": () => ({ id: "p", scan: scan.id, createdAt: "", servers: [], skipped: [] }),
    });
    hub.installDesktop();
    const exec = vi.fn(async (_name: string, args: string[]) => ({
      stdout: JSON.stringify(
        args[0] === "ls"
          ? [client("claude-desktop", "Claude Desktop", { servers: 3 })]
          : ({ scan, folders: [], absent: [], unreadable: [] } satisfies MigrateScanOutput),
      ),
    }));
    const dd = (window as { ddClient?: { extension: object } }).ddClient!;
    Object.assign(dd, { host: { platform: "darwin" } });
    Object.assign(dd.extension, { host: { cli: { exec } } });
    renderApp("/migrate");
    await userEvent.setup().click(await screen.findByRole("button", { name: "Review 3 servers" }));
    await waitFor(() => expect(window.location.hash).toBe(`#/migrate?scan=${scan.id}`));
    expect(exec.mock.calls.map((c) => c[1])).toEqual([
      ["ls", "--json"],
      ["migrate", "scan", "--json"],
    ]);
  });
});
