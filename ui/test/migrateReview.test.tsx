import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Choice, PlannedServer, PlanRequest, Scan } from "../src/api";
import { fakeHub } from "./fakeHub";
import { candidate, CLAUDE_FILE, planFor, runOf, scan, server } from "./migrateFixtures";
import { renderStandalone } from "./renderApp";

/** The plan requests the page sent, last first. */
const planRequests = (calls: { path: string; body?: unknown }[]) =>
  calls
    .filter((c) => c.path === "/api/migrate/plans")
    .map((c) => c.body as PlanRequest)
    .reverse();
const WAIT = { timeout: 3_000 }; // the page plans again once the user pauses

describe("Migrate: the review", () => {
  it("shows what each entry becomes, what cannot migrate and why, and plans again with the user's choices", async () => {
    let plans = 0;
    const hub = fakeHub({
      "GET /api/migrate/scans/scan-1": () => scan,
      "POST /api/migrate/plans": (body) =>
        planFor((body as { choices: Record<string, Choice> }).choices, `plan-${++plans}`),
      "POST /api/migrate/runs": () => runOf("running", [server("notes", { state: "running" })]),
      "GET /api/migrate/runs/run-1": () => runOf("running", [server("notes", { state: "running" })]),
    });
    const user = userEvent.setup();
    renderStandalone(hub, `/migrate?scan=${scan.id}`);

    const notes = await screen.findByRole("region", { name: "Entry notes" });
    expect(notes).toHaveTextContent("Remote server");
    expect(notes).toHaveTextContent("https://mcp.example.com/mcp");
    expect(within(notes).getByText("Authorization")).toBeInTheDocument(); // the secret's name, never its value
    expect(within(notes).getByRole("combobox", { name: "Risk" })).toHaveTextContent("Medium");
    expect(notes).toHaveTextContent("Proposed: it holds a secret (an API key or token)");
    // The hub itself reaches a remote server: no container, so no internet switch of its own.
    expect(within(notes).queryByLabelText("Internet access")).not.toBeInTheDocument();
    const fs = screen.getByRole("region", { name: "Entry fs" });
    expect(fs).toHaveTextContent("@modelcontextprotocol/server-filesystem@2026.1.14");
    expect(fs).toHaveTextContent("Image 127.0.0.1:5000/mcp/fs:2026.1.14 in the local registry");
    const writable = within(fs).getByRole("checkbox", { name: "/home/ann/notes writable" });
    expect(writable).not.toBeChecked();
    expect(fs).toHaveTextContent("Read-only");

    // What stays, and why; the hub's own entry is not the user's to migrate and is not listed.
    const staying = screen.getByRole("table", { name: "Staying in your clients" });
    expect(within(staying).getAllByRole("row")[1]).toHaveTextContent(
      'legacyClaude Desktop"serve" is not a launcher the hub can package',
    );
    expect(screen.queryByText("mcp-hub")).not.toBeInTheDocument();
    expect(
      screen.getByText(/2 servers will migrate, 1 will stay in its client\. Change/),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Migrate 2 servers" })).toBeEnabled();

    // Each choice is planned again: a folder made writable, another risk, internet access, a new name. The fields
    // show the choice at once, not only once the plan has followed.
    await user.click(writable);
    await waitFor(
      () =>
        expect(planRequests(hub.calls)[0]?.choices).toEqual({
          "claude-desktop/fs": { writable: ["/home/ann/notes"] },
        }),
      WAIT,
    );
    expect(within(fs).getByRole("checkbox", { name: "/home/ann/notes writable" })).toBeChecked();
    expect(fs).toHaveTextContent("Writable");
    await user.click(within(fs).getByRole("combobox", { name: "Risk" }));
    await user.click(await screen.findByRole("option", { name: "Medium" }));
    expect(within(fs).getByRole("combobox", { name: "Risk" })).toHaveTextContent("Medium");
    const internet = within(fs).getByLabelText("Internet access");
    expect(internet).not.toBeChecked();
    await user.click(internet);
    expect(internet).toBeChecked();
    const name = within(fs).getByRole("textbox", { name: "Server name" });
    await user.clear(name);
    await user.type(name, "My FS");
    expect(within(fs).getByText(/use 1-32 characters/)).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, "files");
    await waitFor(
      () =>
        expect(planRequests(hub.calls)[0]?.choices).toEqual({
          "claude-desktop/fs": { writable: ["/home/ann/notes"], risk: "medium", egress: true, name: "files" },
        }),
      WAIT,
    );
    expect(planRequests(hub.calls).some((r) => JSON.stringify(r).includes("My FS"))).toBe(false);
    await waitFor(() => expect(fs).toHaveTextContent("Image 127.0.0.1:5000/mcp/files:2026.1.14"), WAIT);

    // Left out: it stays as it is, and the run takes the other one only.
    await user.click(within(fs).getByRole("checkbox", { name: "Migrate fs" }));
    expect(within(fs).getByText("Left out: it stays in its client as it is.")).toBeInTheDocument();
    const start = await screen.findByRole("button", { name: "Migrate 1 server" }, WAIT);
    await waitFor(() => expect(start).toBeEnabled(), WAIT);
    await user.click(start);
    await waitFor(() => expect(window.location.hash).toBe("#/migrate?run=run-1"));
    expect(hub.calls.find((c) => c.path === "/api/migrate/runs")?.body).toEqual({ plan: `plan-${plans}` });
    expect(planRequests(hub.calls)[0]?.choices).toMatchObject({ "claude-desktop/fs": { include: false } });
  });

  it("asks for the folder a ${workspaceFolder} stands for, and plans it once given", async () => {
    const withPlaceholder = structuredClone(scan);
    const file = withPlaceholder.files[0]!;
    if (file.status === "ok")
      file.candidates[1]!.paths = [{ path: "${workspaceFolder}", needsChoice: true, writable: false }];
    const hub = fakeHub({
      "GET /api/migrate/scans/scan-1": () => withPlaceholder,
      "POST /api/migrate/plans": (body) => {
        const choices = (body as { choices: Record<string, Choice> }).choices;
        const plan = planFor(choices);
        if (choices["claude-desktop/fs"]?.workspaceFolder) return plan;
        return {
          ...plan,
          servers: plan.servers.filter((s) => s.name !== "fs"),
          skipped: [
            ...plan.skipped,
            {
              key: "claude-desktop/fs",
              entryName: "fs",
              file: "f",
              reason:
                "${workspaceFolder} stands for a folder only the client knows: pick the folder it should be",
            },
          ],
        };
      },
    });
    const user = userEvent.setup();
    renderStandalone(hub, `/migrate?scan=${scan.id}`);
    const fs = await screen.findByRole("region", { name: "Entry fs" });
    expect(fs).toHaveTextContent("It would stay in its client: ${workspaceFolder} stands for a folder");
    expect(screen.getByRole("button", { name: "Migrate 1 server" })).toBeInTheDocument();
    await user.type(
      within(fs).getByRole("textbox", { name: "Folder for ${workspaceFolder}" }),
      "/home/ann/p",
    );
    expect(await screen.findByRole("button", { name: "Migrate 2 servers" }, WAIT)).toBeInTheDocument();
    expect(planRequests(hub.calls)[0]?.choices).toEqual({
      "claude-desktop/fs": { workspaceFolder: "/home/ann/p" },
    });
  });

  it("says what of a local script's folder was sent, and warns when one was not (its build would fail)", async () => {
    const script = (entryName: string, source: string) =>
      candidate(entryName, { kind: "script", source, launcher: "node" });
    const planned = (entryName: string, source: string): PlannedServer => ({
      key: `claude-desktop/${entryName}`,
      name: entryName,
      kind: "script",
      source,
      image: `127.0.0.1:5000/mcp/${entryName}:local`,
      args: [],
      secretEnv: {},
      mounts: [],
      egress: false,
      risk: "medium",
      riskReason: "a local script",
      notes: [],
    });
    const withScripts: Scan = {
      ...scan,
      files: [
        {
          status: "ok",
          origin: "claude-desktop",
          file: CLAUDE_FILE,
          candidates: [
            script("weather", "/home/ann/tools/weather/server.js"),
            script("notes-cli", "/home/ann/server.js"),
            script("ws-tool", "${workspaceFolder}/server.js"),
          ],
        },
      ],
      folders: [
        {
          status: "sent",
          key: "claude-desktop/weather",
          entryName: "weather",
          folder: "/home/ann/tools/weather",
          bytes: 24_576,
          files: 12,
          leftOut: [".env", "node_modules/"],
        },
        {
          status: "refused",
          key: "claude-desktop/notes-cli",
          entryName: "notes-cli",
          folder: "/home/ann",
          reason:
            "the script sits in /home/ann, which is (or holds) your home folder, and a home folder is never sent: move the script into a folder of its own, point the entry at it, then scan again",
        },
        {
          status: "refused",
          key: "claude-desktop/ws-tool",
          entryName: "ws-tool",
          reason:
            "${workspaceFolder}/server.js names a folder only the client knows: give it with --workspace-folder",
          needsWorkspaceFolder: true,
        },
      ],
    };
    const hub = fakeHub({
      "GET /api/migrate/scans/scan-1": () => withScripts,
      "POST /api/migrate/plans": () => ({
        ...planFor(),
        servers: [
          planned("weather", "/home/ann/tools/weather/server.js"),
          planned("notes-cli", "/home/ann/server.js"),
          planned("ws-tool", "${workspaceFolder}/server.js"),
        ],
        skipped: [],
      }),
    });
    renderStandalone(hub, `/migrate?scan=${scan.id}`);

    const weather = await screen.findByRole("region", { name: "Entry weather" });
    expect(weather).toHaveTextContent(
      "Its folder, for the image/home/ann/tools/weather sent: 12 files, 24.6 kB",
    );
    expect(weather).toHaveTextContent("Left out: .env, node_modules/.");
    expect(within(weather).queryByRole("alert")).not.toBeInTheDocument();

    const notesCli = screen.getByRole("region", { name: "Entry notes-cli" });
    const warning = within(notesCli).getByRole("alert");
    expect(warning).toHaveTextContent(
      "Its folder /home/ann was not sent, so its image cannot be built" +
        "the script sits in /home/ann, which is (or holds) your home folder, and a home folder is never sent: move the script into a folder of its own, point the entry at it, then scan again.",
    );
    expect(warning).toHaveClass("MuiAlert-standardWarning");
    expect(notesCli).not.toHaveTextContent("Its folder, for the image");

    // The hub's reason gives the CLI's flag; the dashboard has none for a script's folder, so it says what works here.
    const wsTool = within(screen.getByRole("region", { name: "Entry ws-tool" })).getByRole("alert");
    expect(wsTool).toHaveTextContent(
      "Its folder was not sent, so its image cannot be built" +
        "its path starts at a folder only the client knows, like ${workspaceFolder}: point the entry at the script's full path, then scan again.",
    );
    expect(wsTool).not.toHaveTextContent("--workspace-folder");
  });
});
