import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningHub } from "../../../src/hubProcess.js";
import { dockerAvailable, labelArgs, testLabels } from "../../support/docker.js";
import { BASE_IMAGE, docker } from "../../support/images.js";
import {
  failed,
  hubApi,
  hubTarget,
  ok,
  startTestHub,
  stdioTarget,
  textOf,
  uniqueName,
  type ToolTarget,
} from "./targets.js";

const exists = async (container: string) => (await docker(["inspect", container])).code === 0;
const stateOf = async (container: string) =>
  (await docker(["inspect", "--format", "{{.State.Status}}", container])).stdout.trim();

/** A plain container made with the docker CLI, labelled for the run (plus `labels`). */
async function sleeper(labels: Record<string, string> = {}): Promise<string> {
  const name = uniqueName("sleeper");
  const run = await docker([
    "run",
    "-d",
    "--name",
    name,
    ...labelArgs(testLabels(labels)),
    BASE_IMAGE,
    "sleep",
    "600",
  ]);
  expect(run.code, run.stderr).toBe(0);
  return name;
}

/** Modes, confirmation and the protection of the hub's own containers, on the hub's seeded server and others. */
describe.skipIf(!dockerAvailable())("docker tools: modes and confirmation", () => {
  let hub: RunningHub;
  const open: ToolTarget[] = [];
  const target = async (make: () => Promise<ToolTarget>) => {
    const t = await make();
    open.push(t);
    return t;
  };
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await Promise.all(open.map((t) => t.close()));
    await hub?.close();
  });

  it("is seeded off, high risk; once turned on it runs in no-destructive mode", async () => {
    const seeded = await hubApi(hub, "GET", "/servers/docker");
    expect(seeded.body).toMatchObject({
      kind: "builtin",
      enabled: false,
      state: "stopped",
      config: { module: "docker", risk: "high", callTimeoutMs: 600_000 },
    });
    const tools = await target(() => hubTarget(hub, "docker"));
    expect(await tools.tools()).toEqual([]);
    expect((await hubApi(hub, "POST", "/servers/docker/enable")).body).toMatchObject({
      state: "ready",
      counts: { tools: 42 },
    });
    expect(await tools.tools()).toHaveLength(42);
  });

  it("changes nothing on an unconfirmed destructive call, and does it once confirmed", async () => {
    const tools = await target(() => hubTarget(hub, "docker"));
    const name = await sleeper();
    const refused = failed(
      await tools.call("remove_container", { name, force: true }),
      /needs confirmation[\s\S]*"confirm": true/,
    );
    expect(refused).toContain(`Remove container ${name}`);
    expect(await stateOf(name)).toBe("running");
    ok(await tools.call("remove_container", { name, force: true, confirm: true }));
    expect(await exists(name)).toBe(false);
  });

  it("asks a client that supports elicitation, and does only what the user accepts", async () => {
    const answers = [false, true];
    const asked: string[] = [];
    const tools = await target(() =>
      hubTarget(hub, "docker", {
        handlers: {
          elicitation: (request) => {
            asked.push(request.message);
            return { action: "accept", content: { confirm: answers.shift()! } };
          },
        },
      }),
    );
    const name = await sleeper();
    failed(await tools.call("remove_container", { name, force: true }), /did not confirm/);
    expect(await stateOf(name)).toBe("running");
    ok(await tools.call("remove_container", { name, force: true }));
    expect(await exists(name)).toBe(false);
    expect(asked).toEqual([
      expect.stringContaining(`Remove container ${name}`),
      expect.stringContaining(name),
    ]);
  });

  it("refuses dangerous create options in no-destructive mode and creates nothing", async () => {
    const tools = await target(() => hubTarget(hub, "docker"));
    const name = uniqueName("danger");
    for (const args of [
      { privileged: true },
      { network: "host" },
      { volumes: [{ source: "/var/run/docker.sock", target: "/s" }] },
    ])
      failed(
        await tools.call("run_container", {
          image: BASE_IMAGE,
          name,
          command: "sleep 5",
          confirm: true,
          ...args,
        }),
        /Refused: .*"no-destructive" mode/,
      );
    expect(await exists(name)).toBe(false);
    failed(
      await tools.call("deploy_stack", {
        name: "mcphub-danger",
        compose: `services:\n  a: { image: "${BASE_IMAGE}", pid: host }\n`,
        confirm: true,
      }),
      /Refused: stack mcphub-danger would get the host's PID namespace \(a\)/,
    );
  });

  it("allows a dangerous option in full mode only once confirmed", async () => {
    const tools = await target(() => hubTarget(hub, "dock-full", { mode: "full" }));
    const name = uniqueName("hostnet");
    failed(
      await tools.call("run_container", { image: BASE_IMAGE, name, command: "sleep 600", network: "host" }),
      /gets the host's network namespace[\s\S]*needs confirmation/,
    );
    expect(await exists(name)).toBe(false);
    ok(
      await tools.call("run_container", {
        image: BASE_IMAGE,
        name,
        command: "sleep 600",
        network: "host",
        confirm: true,
      }),
    );
    expect((await docker(["inspect", "--format", "{{.HostConfig.NetworkMode}}", name])).stdout.trim()).toBe(
      "host",
    );
  });

  it("keeps the hub's own containers: remove and stop aimed at them change nothing unless confirmed", async () => {
    const tools = await target(() => hubTarget(hub, "dock-full", { mode: "full" }));
    const hubContainer = await sleeper({ "mcp-hub.component": "hub" });
    const server = await sleeper({ "mcp-hub.managed": "true", "mcp.server": "memory" });
    for (const name of [hubContainer, server]) {
      failed(
        await tools.call("remove_container", { name, force: true }),
        /which is protected: it is (the hub's hub|an MCP server the hub runs)/,
      );
      failed(await tools.call("stop_container", { name }), /protected[\s\S]*needs confirmation/);
      failed(await tools.call("exec_in_container", { name, command: "true" }), /protected/);
      expect(await stateOf(name)).toBe("running");
    }
    const listed = ok<{ containers: { name: string; protected?: boolean }[] }>(
      await tools.call("list_containers", { name: hubContainer }),
    );
    expect(listed.containers).toEqual([expect.objectContaining({ name: hubContainer, protected: true })]);
    // Named and confirmed, it goes: the protection is against accidents, not against the user.
    ok(await tools.call("stop_container", { name: server, timeout_seconds: 1, confirm: true }));
    expect(await stateOf(server)).toBe("exited");
  });

  it("asks before a container joins the hub's networks or a hub container's namespace", async () => {
    const tools = await target(() => hubTarget(hub, "dock-full", { mode: "full" }));
    const hubNet = uniqueName("hubnet");
    const made = await docker([
      "network",
      "create",
      ...labelArgs(testLabels({ "mcp-hub.network": "internal" })),
      hubNet,
    ]);
    expect(made.code, made.stderr).toBe(0);
    const hubContainer = await sleeper({ "mcp-hub.component": "hub" });
    const plain = await sleeper();
    const name = uniqueName("joiner");
    const run = (more: Record<string, unknown>) =>
      tools.call("run_container", { image: BASE_IMAGE, name, command: "sleep 600", ...more });

    failed(
      await run({ network: hubNet }),
      new RegExp(
        `joins network ${hubNet} \\(the hub and its MCP servers use it\\)[\\s\\S]*needs confirmation`,
      ),
    );
    failed(
      await run({ network: `container:${hubContainer}` }),
      /joins the network namespace of container .*it is the hub's hub[\s\S]*needs confirmation/,
    );
    expect(await exists(name)).toBe(false);
    failed(
      await tools.call("connect_network", { name: hubNet, container: plain }),
      /protected: the hub and its MCP servers use it/,
    );
    const networksOf = async (container: string) =>
      (await docker(["inspect", "--format", "{{json .NetworkSettings.Networks}}", container])).stdout;
    expect(await networksOf(plain)).not.toContain(hubNet);
    failed(
      await tools.call("deploy_stack", {
        name: uniqueName("joinstack"),
        compose: `services:\n  a: { image: "${BASE_IMAGE}", command: sleep 600, networks: [hub] }\nnetworks:\n  hub: { external: true, name: ${hubNet} }\n`,
      }),
      new RegExp(`joins network ${hubNet} .*\\(a\\)`),
    );

    ok(await run({ network: hubNet, confirm: true }));
    expect(await networksOf(name)).toContain(hubNet);
    await docker(["rm", "-f", name]);
    await docker(["network", "rm", hubNet]);
  });

  it("in read-only mode lists no tool that could change anything", async () => {
    const tools = await target(() => hubTarget(hub, "dock-ro", { mode: "read-only" }));
    const listed = await tools.client.listTools();
    const mine = listed.tools.filter((t) => t.name.startsWith("dock-ro__"));
    expect(mine.length).toBeGreaterThan(15);
    expect(mine.filter((t) => !t.annotations?.readOnlyHint || t.annotations.destructiveHint)).toEqual([]);
    expect(mine.map((t) => t.name)).not.toContain("dock-ro__remove_container");
  });

  it("yields to the hub's read-only mode: only read tools are listed, destructive calls are refused", async () => {
    const tools = await target(() => hubTarget(hub, "docker"));
    const changed = vi.fn();
    tools.client.setNotificationHandler(ToolListChangedNotificationSchema, changed);
    const name = await sleeper();
    try {
      expect((await hubApi(hub, "PUT", "/settings", { readOnly: true })).status).toBe(200);
      await vi.waitFor(() => expect(changed).toHaveBeenCalled());
      const names = await tools.tools();
      expect(names).toContain("list_containers");
      expect(names).not.toContain("remove_container");
      await expect(
        tools.call("remove_container", { name, force: true, confirm: true }),
      ).rejects.toMatchObject({
        message: expect.stringContaining("read-only mode"),
      });
      expect(await stateOf(name)).toBe("running");
    } finally {
      await hubApi(hub, "PUT", "/settings", { readOnly: false });
    }
  });

  it("over stdio: read-only mode lists only read tools, and an unconfirmed removal changes nothing", async () => {
    const readOnly = await target(() => stdioTarget({ mode: "read-only" }));
    const listed = (await readOnly.client.listTools()).tools;
    expect(listed.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const tools = await target(() => stdioTarget({ mode: "no-destructive" }));
    const name = await sleeper();
    failed(await tools.call("remove_container", { name, force: true }), /needs confirmation/);
    expect(await stateOf(name)).toBe("running");
  });

  it("over stdio: keeps the container the server runs in, found by itself", async () => {
    const own = uniqueName("stdio-self");
    const tools = await target(() => stdioTarget({ mode: "full", container: own }));
    failed(
      await tools.call("stop_container", { name: own }),
      /protected: it is the container this server runs in/,
    );
    const listed = ok<{ containers: { name: string; protected?: boolean }[] }>(
      await tools.call("list_containers", { name: own }),
    );
    expect(listed.containers).toEqual([expect.objectContaining({ name: own, protected: true })]);
    expect(await stateOf(own)).toBe("running");
  });

  it("over stdio: asks the stdio client itself through elicitation", async () => {
    const tools = await target(() =>
      stdioTarget({
        mode: "no-destructive",
        handlers: { elicitation: () => ({ action: "accept", content: { confirm: true } }) },
      }),
    );
    const name = await sleeper();
    const removed = ok<{ removed: string }>(await tools.call("remove_container", { name, force: true }));
    expect(removed.removed).toBe(name);
    expect(textOf(await tools.call("inspect_container", { name }))).toMatch(/No such container/);
  });
});
