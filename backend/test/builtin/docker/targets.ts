/**
 * The docker tools as a test calls them, two ways: through a real hub process's /mcp (a real SDK client over
 * Streamable HTTP, tools named `<server>__<tool>`), and over stdio from the hub image (`mcp-hub docker-tools`).
 * Everything the tools create carries the run's test label, so the global teardown removes it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { dockerModule } from "../../../src/builtin/docker/index.js";
import { startHubProcess, type RunningHub } from "../../../src/hubProcess.js";
import { createLogger } from "../../../src/log/index.js";
import { createDockerRuntime } from "../../../src/runtime/index.js";
import { FakeDockerApi } from "../../runtime/fakeDockerApi.js";
import { dockerAvailable, labelArgs, runId, TEST_LABEL, testLabels } from "../../support/docker.js";
import { HUB_IMAGE } from "../../support/hubContainer.js";
import { connectStdio, connectStreamableHttp, type ClientHandlers } from "../../support/mcpClient.js";

export type Mode = "read-only" | "no-destructive" | "full";

export interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

export interface ToolTarget {
  label: string;
  client: Client;
  /** Calls a tool by its own name (the hub's prefix is added here). */
  call(tool: string, args?: Record<string, unknown>, options?: RequestOptions): Promise<ToolResult>;
  /** The tools' own names, as listed. */
  tools(): Promise<string[]>;
  close(): Promise<void>;
}

/** A hub process on 127.0.0.1 whose own MCP servers run on a fake engine; the docker module talks to the real one. */
export async function startTestHub(): Promise<RunningHub> {
  const log = createLogger({ level: "silent" });
  return startHubProcess({
    dataDir: mkdtempSync(join(tmpdir(), "mcp-hub-docker-")),
    host: "127.0.0.1",
    port: 0,
    log,
    runtime: createDockerRuntime({ api: new FakeDockerApi(), log }),
    builtins: [dockerModule({ labels: testLabels() })], // the docker tools alone: what these tests are about
  });
}

export async function hubApi(hub: RunningHub, method: string, path: string, body?: unknown) {
  const res = await fetch(`${hub.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${hub.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Adds a docker server with these options to the hub (or reuses it) and connects a client to /mcp. */
export async function hubTarget(
  hub: RunningHub,
  server: string,
  options: { mode?: Mode; handlers?: ClientHandlers } = {},
): Promise<ToolTarget> {
  const existing = await hubApi(hub, "GET", `/servers/${server}`);
  if (existing.status === 404) {
    const added = await hubApi(hub, "POST", "/servers", {
      name: server,
      kind: "builtin",
      module: "docker",
      options: { mode: options.mode ?? "full" },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  const connected = await connectStreamableHttp(`${hub.url}/mcp`, {
    token: hub.token,
    handlers: options.handlers,
  });
  const prefix = `${server}__`;
  return {
    label: "hub /mcp",
    client: connected.client,
    call: (tool, args = {}, requestOptions) =>
      connected.client.callTool(
        { name: `${prefix}${tool}`, arguments: args },
        undefined,
        requestOptions,
      ) as Promise<ToolResult>,
    tools: async () =>
      (await connected.client.listTools()).tools
        .filter((t) => t.name.startsWith(prefix))
        .map((t) => t.name.slice(prefix.length)),
    close: () => connected.close(),
  };
}

/** `mcp-hub docker-tools` in the hub image, over stdio (docker run -i), labelled for the run. */
export async function stdioTarget(
  options: { mode?: Mode; handlers?: ClientHandlers; container?: string } = {},
): Promise<ToolTarget> {
  const label = `${TEST_LABEL}=${runId()}`;
  const connected = await connectStdio(
    {
      command: "docker",
      args: [
        "run",
        "-i",
        "--rm",
        ...labelArgs(),
        ...(options.container ? ["--name", options.container] : []),
        "-v",
        "/var/run/docker.sock:/var/run/docker.sock",
        HUB_IMAGE,
        "mcp-hub",
        "docker-tools",
        "--mode",
        options.mode ?? "full",
        "--label",
        label,
      ],
    },
    { handlers: options.handlers },
  );
  return {
    label: "stdio",
    client: connected.client,
    call: (tool, args = {}, requestOptions) =>
      connected.client.callTool(
        { name: tool, arguments: args },
        undefined,
        requestOptions,
      ) as Promise<ToolResult>,
    tools: async () => (await connected.client.listTools()).tools.map((t) => t.name),
    close: () => connected.close(),
  };
}

export type TargetLabel = "hub /mcp" | "stdio";

/**
 * Declares `suite` twice, on one hub process per file: through the hub's /mcp (server "dock", mode full) and over
 * stdio from the hub image. `tools` forwards to the target of the running suite, opened before the suite's hooks;
 * `hub` is that hub process, for its REST API (both targets work on the engine it reads).
 */
export function describeTargets(
  title: string,
  suite: (tools: ToolTarget, label: TargetLabel, hub: () => RunningHub) => void,
): void {
  describe.skipIf(!dockerAvailable())(title, () => {
    let hub: RunningHub | undefined;
    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(async () => {
      await hub?.close();
    });
    const targets: [TargetLabel, () => Promise<ToolTarget>][] = [
      ["hub /mcp", () => hubTarget(hub!, "dock")],
      ["stdio", () => stdioTarget()],
    ];
    describe.each(targets)("%s", (label, open) => {
      let current: ToolTarget | undefined;
      const target = () => {
        if (!current) throw new Error(`the ${label} target is not open`);
        return current;
      };
      beforeAll(async () => {
        current = await open();
      });
      afterAll(async () => {
        await current?.close();
      });
      suite(
        {
          label,
          get client() {
            return target().client;
          },
          call: (...args) => target().call(...args),
          tools: () => target().tools(),
          close: async () => undefined,
        },
        label,
        () => {
          if (!hub) throw new Error("the hub process is not started");
          return hub;
        },
      );
    });
  });
}

export const textOf = (result: ToolResult) => result.content.map((c) => c.text ?? "").join("\n");

/** The structured answer of a call that must succeed. */
export function ok<T = Record<string, unknown>>(result: ToolResult): T {
  expect(result.isError, textOf(result)).toBeFalsy();
  expect(result.structuredContent).toBeDefined();
  return result.structuredContent as T;
}

/** The text of a call that must fail, checked against `pattern`. */
export function failed(result: ToolResult, pattern: RegExp): string {
  expect(result.isError, textOf(result)).toBe(true);
  expect(textOf(result)).toMatch(pattern);
  return textOf(result);
}

/** A unique name for something a test creates. */
let counter = 0;
export const uniqueName = (what: string) =>
  `mcphub-t-${what}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
