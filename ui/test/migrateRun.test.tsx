import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Run, RunEvent, ServerRun } from "../src/api";
import { fakeHub } from "./fakeHub";
import { CLAUDE_FILE, reportOf, runOf, server } from "./migrateFixtures";
import { renderApp, renderStandalone } from "./renderApp";

/** A run's event stream the test writes to, as the hub would while the run works. */
function liveEvents() {
  const stream = new TransformStream<Uint8Array, Uint8Array>();
  const writer = stream.writable.getWriter();
  const encoder = new TextEncoder();
  let opened = false;
  return {
    /** The first connection gets the live stream; a reconnection an empty one. */
    response: () => {
      const body = opened ? "" : stream.readable;
      opened = true;
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    },
    send: (event: RunEvent) =>
      writer.write(encoder.encode(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`)),
  };
}

const rowOf = (table: HTMLElement, name: string) =>
  within(table)
    .getAllByRole("row")
    .find((row) => within(row).queryAllByRole("cell")[0]?.textContent?.startsWith(name))!;

const written = {
  origin: "claude-desktop" as const,
  file: CLAUDE_FILE,
  status: "written" as const,
  servers: ["notes"],
  backup: `${CLAUDE_FILE}.mcp-hub.bak`,
};

describe("Migrate: the run and its report", () => {
  it("shows each server's steps live, then the failure's step, reason and fix, and rolls a migrated server back", async () => {
    const events = liveEvents();
    const notesAt = (more: Partial<ServerRun>) => server("notes", { risk: "medium", ...more });
    const fsAt = (more: Partial<ServerRun>) => server("fs", { risk: "high", ...more });
    let run: Run = runOf("running", [
      notesAt({ state: "running", step: "deploy", done: ["secrets"] }),
      fsAt({}),
    ]);
    const hub = fakeHub({
      "GET /api/migrate/runs/run-1": () => run,
      "GET /api/migrate/runs/run-1/events": () => events.response(),
      "GET /api/migrate/runs/run-1/report": () => reportOf(run),
      "POST /api/migrate/runs/run-1/rollback": () => {
        run = {
          ...run,
          servers: [notesAt({ state: "rolled-back", done: run.servers[0]!.done }), run.servers[1]!],
          files: [{ ...written, status: "restored" }],
        };
        return run;
      },
    });
    const user = userEvent.setup();
    renderStandalone(hub, "/migrate?run=run-1");

    expect(await screen.findByText("Migrating: 0 of 2 servers through their steps")).toBeInTheDocument();
    const medium = screen.getByRole("table", { name: "Medium risk servers" });
    expect(within(rowOf(medium, "notes")).getByLabelText("Secrets: done")).toBeInTheDocument();
    expect(within(rowOf(medium, "notes")).getByLabelText("Deploy: now")).toBeInTheDocument();

    // Live: a build's log line, then the failure, the other server through, and the run done.
    await events.send({ event: "server", data: fsAt({ state: "running", step: "build" }) });
    await events.send({
      event: "log",
      data: { key: "claude-desktop/fs", step: "build", line: "Step 1/4 : FROM node" },
    });
    const high = screen.getByRole("table", { name: "High risk servers" });
    await within(high).findByText("Step 1/4 : FROM node");
    expect(within(rowOf(high, "fs")).getByLabelText("Build: now")).toBeInTheDocument();
    const failed = fsAt({
      state: "failed",
      step: "build",
      error: "the image of fs did not build: npm ERR! 404",
      fix: "check the package name, then run the plan again for fs",
    });
    const migrated = notesAt({
      state: "migrated",
      done: ["secrets", "deploy", "validate", "rewrite"],
    });
    run = runOf("done", [migrated, failed], [written]);
    await events.send({ event: "server", data: failed });
    await events.send({ event: "server", data: migrated });
    await events.send({ event: "run", data: run });

    const report = await screen.findByRole("table", { name: "Migration report" });
    expect(screen.getByText("Migration done")).toBeInTheDocument();
    expect(rowOf(report, "fs")).toHaveTextContent(
      "FailedFailed at Build: the image of fs did not build: npm ERR! 404Fix: check the package name, then run the plan again for fs",
    );
    expect(rowOf(report, "notes")).toHaveTextContent("Runs behind the hub: its tools are notes__…");
    const files = screen.getByRole("table", { name: "Client files" });
    expect(files).toHaveTextContent(`Written`);
    expect(files).toHaveTextContent(`${CLAUDE_FILE}.mcp-hub.bak`);
    // What the plan left in the client is in the report too.
    expect(screen.getByRole("table", { name: "Staying in your clients" })).toHaveTextContent("legacy");

    await user.click(within(rowOf(report, "notes")).getByRole("button", { name: "Roll back" }));
    const dialog = await screen.findByRole("dialog", { name: "Roll back notes?" });
    await user.click(within(dialog).getByRole("button", { name: "Roll back" }));
    await waitFor(() =>
      expect(rowOf(screen.getByRole("table", { name: "Migration report" }), "notes")).toHaveTextContent(
        "Rolled back: the hub's part is undone and notes is back in Claude Desktop",
      ),
    );
    expect(hub.calls.find((c) => c.path.endsWith("/rollback"))?.body).toEqual({ server: "notes" });
    // Its file has the entry back: no longer shown as written.
    const fileRow = within(screen.getByRole("table", { name: "Client files" })).getAllByRole("row")[1]!;
    expect(fileRow).toHaveTextContent("Entries put back");
    expect(fileRow).not.toHaveTextContent("Written");
  });

  it("inside Docker Desktop: polls the run, and the host helper writes the client files it waits for", async () => {
    const notes = (more: Partial<ServerRun>) => server("notes", { state: "running", ...more });
    const runs = [
      runOf("running", [notes({ step: "deploy", done: ["secrets"] })]),
      runOf("running", [notes({ step: "validate", done: ["secrets", "deploy"] })]),
      runOf(
        "waiting-for-rewrite",
        [notes({ step: "rewrite", done: ["secrets", "deploy", "validate"] })],
        [{ ...written, status: "pending", backup: undefined }],
      ),
    ];
    const done = runOf(
      "done",
      [notes({ state: "migrated", step: undefined, done: ["secrets", "rewrite"] })],
      [written],
    );
    let polls = 0;
    let helperWrote = false;
    const hub = fakeHub({
      "GET /api/migrate/runs/run-1": () => (helperWrote ? done : runs[Math.min(polls++, runs.length - 1)]),
      "GET /api/migrate/runs/run-1/report": () => reportOf(helperWrote ? done : runs[2]!),
    });
    hub.installDesktop();
    // The helper prints the run's report (mcp-hub migrate resume --json); the page reads the run from the hub.
    const exec = vi.fn(async () => {
      helperWrote = true;
      return { stdout: JSON.stringify(reportOf(done)) };
    });
    const dd = (window as { ddClient?: { extension: object } }).ddClient!;
    Object.assign(dd, { host: { platform: "linux" } });
    Object.assign(dd.extension, { host: { cli: { exec } } });
    renderApp("/migrate?run=run-1");

    expect(await screen.findByText("Migrating: 0 of 1 servers through their steps")).toBeInTheDocument();
    expect(
      await screen.findByText(
        "The host helper wrote your client files on your machine; each is listed below with its backup.",
        {},
        { timeout: 5_000 },
      ),
    ).toBeInTheDocument();
    expect(exec).toHaveBeenCalledTimes(1);
    expect(exec).toHaveBeenCalledWith("mcp-hub-host", ["migrate", "resume", "run-1", "--json"]);
    expect(screen.getByRole("table", { name: "Client files" })).toHaveTextContent(
      `${CLAUDE_FILE}.mcp-hub.bak`,
    );
    expect(polls).toBeGreaterThanOrEqual(3);
    // Desktop cannot stream: nothing asked for the events.
    expect(hub.calls.some((c) => c.path.endsWith("/events"))).toBe(false);
  });

  it("standalone without the user's files: says how to finish, and takes the user's word for an uploaded file", async () => {
    const pending = (origin: "claude-desktop" | "upload", file: string, name: string) => ({
      origin,
      file,
      status: "pending" as const,
      servers: [name],
    });
    const run = runOf(
      "waiting-for-rewrite",
      [
        server("notes", { state: "running", step: "rewrite", done: ["secrets", "deploy", "validate"] }),
        { ...server("up", { state: "running", step: "rewrite" }), key: "upload/up" },
      ],
      [pending("claude-desktop", CLAUDE_FILE, "notes"), pending("upload", "mine.json", "up")],
    );
    const hub = fakeHub({
      "GET /api/migrate/runs/run-1": () => run,
      "GET /api/migrate/runs/run-1/events": () =>
        new Response("", { headers: { "content-type": "text/event-stream" } }),
      "GET /api/migrate/runs/run-1/report": () => reportOf(run),
      "POST /api/migrate/runs/run-1/rewrites": () => run,
    });
    const user = userEvent.setup();
    renderStandalone(hub, "/migrate?run=run-1");

    expect(await screen.findByText("Waiting for the client files to be written")).toBeInTheDocument();
    expect(screen.getByLabelText("To finish, run this on your machine")).toHaveTextContent(
      "host/linux/mcp-hub-host migrate resume run-1",
    );
    const upload = screen
      .getByText(/Edit/, { selector: ".MuiAlertTitle-root" })
      .closest('[role="alert"]') as HTMLElement;
    expect(upload).toHaveTextContent("take out up (now behind the hub)");
    await user.click(within(upload).getByRole("button", { name: "I have edited it" }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.path.endsWith("/rewrites"))?.body).toEqual({
        outcomes: [{ file: "mine.json", status: "written" }],
      }),
    );
  });

  it("says what is left for a server migrated behind OAuth: the user's authorization", async () => {
    const note = "remote waits for your authorization: Authorize it on the dashboard's Servers page";
    const run = runOf("done", [server("remote", { state: "migrated", done: ["secrets", "deploy"], note })]);
    const hub = fakeHub({
      "GET /api/migrate/runs/run-1": () => run,
      "GET /api/migrate/runs/run-1/events": () =>
        new Response("", { headers: { "content-type": "text/event-stream" } }),
      "GET /api/migrate/runs/run-1/report": () => reportOf(run),
    });
    renderStandalone(hub, "/migrate?run=run-1");
    const report = await screen.findByRole("table", { name: "Migration report" });
    expect(rowOf(report, "remote")).toHaveTextContent(
      `Behind the hub; its entry remote left Claude Desktop.${note}.`,
    );
    expect(rowOf(report, "remote")).not.toHaveTextContent("its tools are");
  });

  it("offers to resume a run the hub's stop interrupted", async () => {
    const run = runOf("interrupted", [
      server("notes", { state: "running", step: "deploy", done: ["secrets"] }),
    ]);
    const hub = fakeHub({
      "GET /api/migrate/runs/run-1": () => run,
      "GET /api/migrate/runs/run-1/report": () => reportOf(run),
      "POST /api/migrate/runs/run-1/resume": () => ({ ...run, state: "running" }),
    });
    hub.installDesktop();
    renderApp("/migrate?run=run-1");
    expect(await screen.findByText(/The hub stopped during this migration/)).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(hub.calls.map((c) => c.path)).toContain("/api/migrate/runs/run-1/resume"));
    expect(await screen.findByText("Migrating: 0 of 1 servers through their steps")).toBeInTheDocument();
  });
});
