/**
 * /api/migrate on a real hub process (no engine: remote servers need none), with the user's home mounted the way
 * a standalone hub has it: a remote entry whose API key is in its header migrates end to end, and back.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Plan, Report, Run, Scan } from "@mcp-hub/contracts";
import type { RunningHub } from "../../src/hubProcess.js";
import { createProbes } from "../../src/migrate/index.js";
import { startAuthorizedHost, type AuthorizedHost } from "../fixtures/authorizedHost.js";
import { startHostHubProcess, USER_HOME } from "./apiKit.js";

const CLAUDE_FILE = `${USER_HOME}/.config/Claude/claude_desktop_config.json`;
const KEY = "Bearer api-key-0123456789";

interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

describe("/api/migrate", () => {
  let remote: AuthorizedHost;
  let hub: RunningHub;
  let dataDir: string;
  let hostHome: string;
  let original: string;
  const local = () => join(hostHome, ".config/Claude/claude_desktop_config.json");

  const start = () =>
    startHostHubProcess({
      dataDir,
      hostHome,
      builtins: [],
      migration: {
        resolve: {
          ...createProbes(),
          resolveNpm: async (spec) => ({ name: spec, version: "1.2.3" }),
          resolvePython: async () => ({ error: "PyPI is not reachable from the hub" }),
        },
      },
    });
  const api = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    type = "application/json",
  ) => {
    const response = await fetch(`${hub.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${hub.token}`,
        ...(body === undefined ? {} : { "content-type": type }),
      },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: (text ? JSON.parse(text) : undefined) as T } as Answer<T>;
  };

  beforeAll(async () => {
    remote = await startAuthorizedHost({ authorization: KEY, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${remote.port}/mcp`;
    original = `{
  "mcpServers": {
    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },
    "notes": { "url": "${url}", "headers": { "Authorization": "${KEY}" } },
    "signin": { "url": "${url}" },
    "local": { "command": "python3", "args": ["/home/ann/tools/server.py"] }
  }
}
`;
    hostHome = mkdtempSync(join(tmpdir(), "mcp-hub-home-"));
    mkdirSync(join(hostHome, ".config/Claude"), { recursive: true });
    writeFileSync(local(), original);
    dataDir = mkdtempSync(join(tmpdir(), "mcp-hub-migrate-api-"));
    hub = await start();
  });

  afterAll(async () => {
    await hub?.close();
    await remote?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(hostHome, { recursive: true, force: true });
  });

  let scan: Scan;
  let plan: Plan;
  let run: Run;

  it("scans the files the host side sends, showing no value", async () => {
    const answer = await api<Scan>("POST", "/migrate/scans", {
      platform: "linux",
      home: USER_HOME,
      files: [{ origin: "claude-desktop", file: CLAUDE_FILE, text: original }],
    });
    expect(answer.status, answer.text).toBe(201);
    scan = answer.body;
    expect(answer.text).not.toContain("api-key-0123456789");
    expect((await api("GET", `/migrate/scans/${scan.id}`)).body).toEqual(scan);

    // A local script's folder travels as a tar stream; nothing else takes one.
    const tar = Buffer.alloc(1024, 1);
    const sent = {
      status: "sent",
      key: "claude-desktop/local",
      entryName: "local",
      bytes: 1024,
      files: 1,
      leftOut: [],
    };
    const early = await api("PUT", `/migrate/scans/${scan.id}/folders`, { folders: [sent] });
    expect(early.status).toBe(400);
    expect(early.text).toContain("the folder of claude-desktop/local is said sent but has not arrived");
    const stored = await api(
      "PUT",
      `/migrate/scans/${scan.id}/contexts/claude-desktop%2Flocal`,
      tar,
      "application/x-tar",
    );
    expect(stored).toMatchObject({ status: 200, body: { key: "claude-desktop/local", bytes: 1024 } });
    const wrong = await api(
      "PUT",
      `/migrate/scans/${scan.id}/contexts/claude-desktop%2Fnotes`,
      tar,
      "application/x-tar",
    );
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("only a local script's folder is sent");
    const json = await api("PUT", `/migrate/scans/${scan.id}/contexts/claude-desktop%2Flocal`, { files: [] });
    expect(json.status).toBe(400);
    expect(json.text).toContain("send the folder as application/x-tar");

    // Then what became of each folder: the hub's scan keeps it (a reloaded review and a failed build say it).
    const kept = await api<Scan>("PUT", `/migrate/scans/${scan.id}/folders`, { folders: [sent] });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.folders).toEqual([sent]);
    expect((await api<Scan>("GET", `/migrate/scans/${scan.id}`)).body).toEqual(kept.body);
    scan = kept.body;
    const notScript = await api("PUT", `/migrate/scans/${scan.id}/folders`, {
      folders: [{ status: "refused", key: "claude-desktop/notes", entryName: "notes", reason: "no" }],
    });
    expect(notScript.status).toBe(400);
    expect(notScript.text).toContain("only a local script's folder is sent");
    expect((await api("GET", "/migrate/scans/00000000-0000-0000-0000-000000000000")).status).toBe(404);
    expect((await api("GET", "/migrate/scans/..%2F..%2Ftoken")).status).toBe(404);
  });

  it("plans: exact versions, the header's secret, and a remote that wants a sign-in to wait for authorization", async () => {
    const answer = await api<Plan>("POST", "/migrate/plans", { scan: scan.id });
    expect(answer.status, answer.text).toBe(201);
    plan = answer.body;
    expect(plan.servers.map((s) => [s.name, s.kind])).toEqual([
      ["memory", "npm"],
      ["notes", "remote"],
      ["signin", "remote"],
      ["local", "script"],
    ]);
    expect(plan.servers[1]).toMatchObject({ secretEnv: { Authorization: "NOTES__Authorization" } });
    expect(plan.servers[2]).toMatchObject({ oauth: true, notes: [expect.stringMatching(/OAuth sign-in/)] });
    expect(plan.skipped).toEqual([]);
    expect((await api("GET", `/migrate/plans/${plan.id}`)).body).toEqual(plan);
  });

  it("runs: the remote server behind the hub with its key from the secret store; the rest undone, with the fix", async () => {
    const started = await api<Run>("POST", "/migrate/runs", { plan: plan.id });
    expect(started.status, started.text).toBe(202);
    run = started.body;
    // The event stream, read until the run is done.
    const events = await fetch(`${hub.url}/api/migrate/runs/${run.id}/events`, {
      headers: { authorization: `Bearer ${hub.token}` },
    });
    expect(events.headers.get("content-type")).toBe("text/event-stream");
    const reader = events.body!.getReader();
    let stream = "";
    while (!/"state":"done"/.test(stream)) stream += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(stream).toMatch(/event: server\ndata: \{"key":"claude-desktop\/notes"/);
    expect(stream).not.toContain("api-key-0123456789");

    run = (await api<Run>("GET", `/migrate/runs/${run.id}`)).body;
    expect(run.servers.map((s) => [s.name, s.state, s.step])).toEqual([
      ["memory", "failed", "build"],
      ["notes", "migrated", undefined],
      ["signin", "migrated", undefined],
      ["local", "failed", "build"],
    ]);
    // Behind OAuth: in the hub, waiting for the user to authorize it; the run says so.
    expect(run.servers[2]?.note).toMatch(/signin waits for your authorization/);
    expect((await api<{ state: string }>("GET", "/servers/signin")).body.state).toBe("needs-authorization");
    // This hub keeps no registry: an image has nowhere to go, and the fix says how to get one.
    expect(run.servers[0]).toMatchObject({
      error: "the local registry is disabled, so the image of memory has nowhere to go",
      fix: expect.stringContaining("HUB_REGISTRY_IMAGE"),
    });
    const called = await api<{ outcome: string; result: { content: { text: string }[] } }>(
      "POST",
      "/servers/notes/tools/echo/call",
      { arguments: { text: "through the hub" } },
    );
    expect(called.body).toMatchObject({ outcome: "ok", result: { content: [{ text: "through the hub" }] } });
    expect((await api<{ names: string[] }>("GET", "/secrets")).body.names).toEqual(["NOTES__Authorization"]);
    expect((await api<{ config: unknown }>("GET", "/servers/notes")).body.config).toMatchObject({
      kind: "remote",
      headerSecrets: { Authorization: "NOTES__Authorization" },
      audit: true,
    });

    // The hub has the user's home: it rewrote the file itself (the entry out, the bridge in), after one backup.
    const file = readFileSync(local(), "utf8");
    expect(file).not.toContain('"notes"');
    expect(file).not.toContain('"signin"');
    expect(file).toContain('"memory": { "command": "npx"');
    expect(file).toContain('"mcp-hub-bridge:latest"');
    expect(readFileSync(`${local()}.mcp-hub.bak`, "utf8")).toBe(original);
    expect((await api<{ rewrites: unknown[] }>("GET", `/migrate/runs/${run.id}/rewrites`)).body).toEqual({
      rewrites: [],
    });

    const report = (await api<Report>("GET", `/migrate/runs/${run.id}/report`)).body;
    expect(report).toMatchObject({ migrated: 2, failed: 2, skipped: 0, state: "done" });
    expect(report.files).toEqual([
      expect.objectContaining({ status: "written", servers: ["notes", "signin"] }),
    ]);
  });

  it("keeps runs over a restart and rolls the server back completely", async () => {
    await hub.close();
    hub = await start();
    const runs = (await api<{ runs: Run[] }>("GET", "/migrate/runs")).body.runs;
    expect(runs.map((r) => [r.id, r.state])).toEqual([[run.id, "done"]]);
    await vi.waitFor(async () =>
      expect((await api<{ state: string }>("GET", "/servers/notes")).body.state).toBe("ready"),
    );

    const back = await api<Run>("POST", `/migrate/runs/${run.id}/rollback`, { server: "notes" });
    expect(back.status, back.text).toBe(200);
    expect(back.body.servers[1]).toMatchObject({ name: "notes", state: "rolled-back" });
    expect(readFileSync(local(), "utf8")).not.toBe(original);
    const signin = await api<Run>("POST", `/migrate/runs/${run.id}/rollback`, { server: "signin" });
    expect(signin.body.servers[2]).toMatchObject({ name: "signin", state: "rolled-back" });
    expect(readFileSync(local(), "utf8")).toBe(original);
    expect((await api("GET", "/servers/signin")).status).toBe(404);
    expect((await api("GET", "/servers/notes")).status).toBe(404);
    expect((await api<{ names: string[] }>("GET", "/secrets")).body.names).toEqual([]);

    const again = await api("POST", `/migrate/runs/${run.id}/rollback`, { server: "notes" });
    expect(again.status).toBe(409);
    expect(again.text).toContain("only a migrated server rolls back");
    expect((await api("POST", `/migrate/runs/${run.id}/resume`)).status).toBe(409);
    expect(
      (await api("POST", "/migrate/runs", { plan: "00000000-0000-0000-0000-000000000000" })).status,
    ).toBe(404);
    const unknown = await api("POST", "/migrate/runs", { plan: plan.id, only: ["nope"] });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("the plan has no server nope; it has memory, notes, signin, local");
  });
});
