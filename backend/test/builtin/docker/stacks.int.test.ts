import { createdResourcesSchema } from "@mcp-hub/contracts";
import { expect, it } from "vitest";
import { BASE_IMAGE, docker } from "../../support/images.js";
import { describeTargets, failed, hubApi, ok, textOf, uniqueName } from "./targets.js";

/** A two-service stack from busybox: a "db" that turns healthy, and a web server that waits for it. */
const compose = (web: { message: string; command?: string }) => `
services:
  db:
    image: ${BASE_IMAGE}
    command: "sleep 1; touch /tmp/ready; exec sleep 600"
    volumes: ["data:/data"]
    networks: [app]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 20 }
    deploy: { resources: { limits: { memory: 32m } } }
  web:
    image: ${BASE_IMAGE}
    command: ${JSON.stringify(web.command ?? `mkdir -p /www && echo "$$MESSAGE" > /www/index.html && exec httpd -f -p 8080 -h /www`)}
    environment: { MESSAGE: "${web.message}", APP_SECRET: "${"$"}{SECRET}" }
    ports: ["8080"]
    networks: [app]
    depends_on: { db: { condition: service_healthy } }
    stop_grace_period: 1s
    x-note: extension fields are ignored
volumes:
  data:
networks:
  app:
`;

interface Deployed {
  revision: number;
  services: { service: string; action: string; container: string }[];
  status: { service: string; state: string; health?: string; ports: string[] }[];
}

describeTargets("docker tools: stacks", (tools, label, hub) => {
  const stack = uniqueName("s").replace(/[^a-z0-9-]/g, "");
  const deploy = (web: { message: string; command?: string }, extra = {}) =>
    tools.call("deploy_stack", {
      name: stack,
      compose: compose(web),
      variables: { SECRET: "hush" },
      wait_timeout_seconds: 60,
      ...extra,
    });
  const page = async (status: Deployed["status"]) => {
    const port = /:(\d+)->8080/.exec(status.find((s) => s.service === "web")!.ports[0]!)![1];
    return (await fetch(`http://127.0.0.1:${port}/`)).text();
  };

  it("deploy_stack starts the services in dependency order, healthy, on their own network; a file it cannot deploy fails by name", async () => {
    const progress: string[] = [];
    const first = ok<Deployed>(await deploy({ message: "one" }, {}).then((r) => r));
    expect(first.revision).toBe(1);
    expect(first.services.map((s) => [s.service, s.action])).toEqual([
      ["db", "created"],
      ["web", "created"],
    ]);
    expect(first.status).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: "db", state: "running", health: "healthy" }),
        expect.objectContaining({
          service: "web",
          state: "running",
          ports: [expect.stringMatching(/^127\.0\.0\.1:\d+->8080\/tcp$/)],
        }),
      ]),
    );
    expect((await page(first.status)).trim()).toBe("one");
    const again = ok<Deployed>(
      await tools.call(
        "deploy_stack",
        { name: stack, compose: compose({ message: "one" }), variables: { SECRET: "hush" } },
        { onprogress: (p) => void progress.push(p.message ?? "") },
      ),
    );
    expect(again.services.map((s) => s.action)).toEqual(["kept", "kept"]);
    expect(progress.some((m) => m.startsWith(`${stack}: `))).toBe(true);
    failed(
      await tools.call("deploy_stack", {
        name: stack,
        compose: "services:\n  a: { image: x:1, links: [b] }\n",
      }),
      /deploy_stack does not support "links"/,
    );
    failed(
      await tools.call("deploy_stack", { name: stack, compose: compose({ message: "x" }) }),
      /variable SECRET is not set/,
    );
  });

  it("deploy_stack replaces a changed service only once confirmed, and keeps the others", async () => {
    failed(
      await deploy({ message: "two" }),
      /Redeploy stack .*replace the containers of web[\s\S]*"confirm": true/,
    );
    const second = ok<Deployed>(await deploy({ message: "two" }, { confirm: true }));
    expect(second.services.map((s) => [s.service, s.action])).toEqual([
      ["db", "kept"],
      ["web", "replaced"],
    ]);
    expect((await page(second.status)).trim()).toBe("two");
  });

  it("deploy_stack rolls a failing redeploy back, with the failing container's last log lines", async () => {
    const before = ok<Deployed & { services: { container: string }[] }>(
      await tools.call("stack_status", { name: stack }),
    );
    const webBefore = (await docker(["inspect", "--format", "{{.Id}}", `${stack}-web-1`])).stdout.trim();
    const text = failed(
      await deploy({ message: "three", command: "echo failing on purpose; exit 3" }, { confirm: true }),
      /web-1 exited with code 3[\s\S]*failing on purpose[\s\S]*Rolled back/,
    );
    expect(text).not.toContain("hush");
    const after = (
      await docker(["inspect", "--format", "{{.Id}} {{.State.Status}}", `${stack}-web-1`])
    ).stdout.trim();
    expect(after).toBe(`${webBefore} running`);
    expect(before).toBeDefined();
  });

  it("stack_status shows services, health, ports, volumes and the deployment history; an unknown stack fails", async () => {
    const status = ok<{
      state: string;
      services: { service: string; health?: string }[];
      volumes: string[];
      networks: string[];
      history: { revision: number; outcome: string }[];
    }>(await tools.call("stack_status", { name: stack }));
    expect(status.state).toBe("running");
    expect(status.volumes).toEqual([`${stack}_data`]);
    expect(status.networks).toEqual([`${stack}_app`]);
    expect(status.history.map((h) => h.outcome)).toEqual(["ok", "ok", "ok", "rolled back"]);
    const all = ok<{ stacks: { name: string }[] }>(await tools.call("stack_status", {}));
    expect(all.stacks.map((s) => s.name)).toContain(stack);
    failed(await tools.call("stack_status", { name: "mcphub-no-such-stack" }), /no stack named/);
  });

  it("GET /api/docker lists the stack, its containers, volume and network, as created by the server", async () => {
    const res = await hubApi(hub(), "GET", "/docker");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const created = createdResourcesSchema.parse(res.body);
    const by = label === "stdio" ? "docker" : "dock"; // the stdio server's name, or the hub's server
    expect(created.engine).toEqual({ reachable: true });
    expect(created.stacks).toContainEqual({ name: stack, services: 2, running: 2, healthy: 2 });
    const members = created.containers.filter((c) => c.stack === stack);
    expect(members.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      expect.objectContaining({
        name: `${stack}-db-1`,
        service: "db",
        state: "running",
        health: "healthy",
        image: BASE_IMAGE,
        createdBy: by,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
      expect.objectContaining({ name: `${stack}-web-1`, service: "web", state: "running", createdBy: by }),
    ]);
    expect(members[1]!.health).toBeUndefined();
    expect(created.volumes).toContainEqual(expect.objectContaining({ name: `${stack}_data`, stack }));
    expect(created.networks).toContainEqual(
      expect.objectContaining({ name: `${stack}_app`, stack, internal: false }),
    );
  });

  it("inspect_container shows the stack's secret redacted", async () => {
    const { container } = ok<{ container: { Config: { Env: string[] } } }>(
      await tools.call("inspect_container", { name: `${stack}-web-1` }),
    );
    expect(container.Config.Env).toContain("APP_SECRET=[redacted]");
    expect(textOf(await tools.call("inspect_container", { name: `${stack}-web-1` }))).not.toContain("hush");
  });

  it("remove_stack removes containers and network and keeps the volume; an unknown stack fails", async () => {
    const removed = ok<{ volumesKept: string[] }>(
      await tools.call("remove_stack", { name: stack, confirm: true }),
    );
    expect(removed.volumesKept).toEqual([`${stack}_data`]);
    expect((await docker(["ps", "-aq", "--filter", `label=mcp-hub.stack=${stack}`])).stdout.trim()).toBe("");
    expect((await docker(["volume", "inspect", `${stack}_data`])).code).toBe(0);
    failed(
      await tools.call("remove_stack", { name: "mcphub-no-such-stack", confirm: true }),
      /no stack named/,
    );
    ok(await tools.call("remove_volume", { name: `${stack}_data`, confirm: true }));
  });

  it("validate_config reviews a Dockerfile and a compose file; asking with neither fails", async () => {
    const { findings } = ok<{ findings: { file: string; rule: string; fix: string }[] }>(
      await tools.call("validate_config", {
        dockerfile: "FROM node\nENV API_KEY=abc\n",
        compose: "services:\n  app: { image: 'app:latest', privileged: true, ports: ['80:80'] }\n",
      }),
    );
    expect(findings.map((f) => `${f.file}:${f.rule}`)).toEqual(
      expect.arrayContaining([
        "Dockerfile:unpinned-image",
        "Dockerfile:secret-in-image",
        "compose:latest-tag",
        "compose:privileged",
        "compose:all-interfaces",
      ]),
    );
    failed(await tools.call("validate_config", {}), /give dockerfile or compose/);
  });
});
