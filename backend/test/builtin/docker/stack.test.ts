import type Dockerode from "dockerode";
import { describe, expect, it } from "vitest";
import { readiness } from "../../../src/builtin/docker/stack/health.js";
import {
  parseCompose,
  planStack,
  renderTemplate,
  TEMPLATES,
} from "../../../src/builtin/docker/stack/index.js";

const plan = (yaml: string, variables?: Record<string, string>) =>
  planStack("demo", parseCompose(yaml, variables));

describe("deploy_stack: compose files", () => {
  it("plans containers, networks and volumes with the stack's names, in dependency order", () => {
    const p = plan(
      `
services:
  web:
    image: nginx:1.27
    ports: ["8080:80", "0.0.0.0:8443:443", "127.0.0.1::9000/udp"]
    depends_on:
      db: { condition: service_healthy }
  db:
    image: postgres:16
    environment: { POSTGRES_PASSWORD: "\${PW}", LEVEL: "\${LEVEL:-info}", PRICE: "$$5" }
    volumes: ["data:/var/lib/postgresql/data", "/srv/backup:/backup:ro"]
    healthcheck: { test: pg_isready, interval: 1m30s, timeout: 500ms, retries: 3, start_period: 10 }
    deploy: { resources: { limits: { cpus: "0.5", memory: 512m } } }
    restart: on-failure:3
volumes:
  data:
x-note: ignored
`,
      { PW: "pw" },
    );
    expect(p.services.map((s) => s.service)).toEqual(["db", "web"]);
    const [db, web] = p.services;
    expect(db!.spec).toMatchObject({
      name: "demo-db-1",
      env: { POSTGRES_PASSWORD: "pw", LEVEL: "info", PRICE: "$5" },
      mounts: [
        { type: "volume", source: "demo_data", target: "/var/lib/postgresql/data" },
        { type: "bind", source: "/srv/backup", target: "/backup", readOnly: true },
      ],
      healthcheck: {
        test: ["CMD-SHELL", "pg_isready"],
        intervalNs: 90e9,
        timeoutNs: 5e8,
        retries: 3,
        startPeriodNs: 10e9,
      },
      limits: { nanoCpus: 5e8, memoryBytes: 512 * 1024 * 1024 },
      restart: { name: "on-failure", maximumRetryCount: 3 },
      network: "demo_default",
      networks: [{ name: "demo_default", aliases: ["db"] }],
    });
    // Without a host address a port stays on loopback; 0.0.0.0 must be written out.
    expect(web!.spec.ports).toEqual([
      { containerPort: 80, protocol: "tcp", hostPort: 8080, hostIp: undefined },
      { containerPort: 443, protocol: "tcp", hostPort: 8443, hostIp: "0.0.0.0" },
      { containerPort: 9000, protocol: "udp", hostPort: undefined, hostIp: "127.0.0.1" },
    ]);
    expect(web!.dependsOn).toEqual([{ service: "db", condition: "service_healthy" }]);
    expect(p.networks.map((n) => n.name)).toEqual(["demo_default"]);
    expect(p.volumes.map((v) => v.name)).toEqual(["demo_data"]);
  });

  it("hashes a service by its definition, so an unchanged service is kept on redeploy", () => {
    const yaml = (tag: string) => `services:\n  a: { image: "busybox:${tag}" }\n  b: { image: busybox:1 }\n`;
    const [a1, b1] = plan(yaml("1")).services;
    const [a2, b2] = plan(yaml("2")).services;
    expect(b1!.hash).toBe(b2!.hash);
    expect(a1!.hash).not.toBe(a2!.hash);
  });

  it.each([
    [
      "an unknown key, by name",
      "services:\n  a: { image: x:1, links: [b] }\n",
      /services\.a: deploy_stack does not support "links"/,
    ],
    [
      "a service without image or build",
      "services:\n  a: { command: x }\n",
      /services\.a: a service needs image or build/,
    ],
    [
      "a variable that is not set",
      'services:\n  a: { image: "x:${TAG}" }\n',
      /services\.image: variable TAG is not set|variable TAG is not set/,
    ],
    [
      "an undeclared volume",
      'services:\n  a: { image: x:1, volumes: ["data:/d"] }\n',
      /volume "data" is not declared/,
    ],
    [
      "a relative host path",
      'services:\n  a: { image: x:1, volumes: ["./src:/src"] }\n',
      /relative; the hub cannot see your folders/,
    ],
    ["a build from a local folder", "services:\n  a: { build: . }\n", /cannot read your folders/],
    [
      "a dependency cycle",
      "services:\n  a: { image: x:1, depends_on: [b] }\n  b: { image: x:1, depends_on: [a] }\n",
      /cycle: a → b → a/,
    ],
    [
      "service_healthy on a service without healthcheck",
      "services:\n  a: { image: x:1, depends_on: { b: { condition: service_healthy } } }\n  b: { image: x:1 }\n",
      /needs a healthcheck on b/,
    ],
    ["replicas", "services:\n  a: { image: x:1, deploy: { replicas: 3 } }\n", /one container per service/],
    ["YAML that is not YAML", "services: [\n", /not valid YAML/],
    [
      "an environment name without value",
      "services:\n  a: { image: x:1, environment: [HOME] }\n",
      /environment\.HOME: no value/,
    ],
  ])("refuses %s", (_what, yaml, message) => {
    expect(() => plan(yaml)).toThrow(message);
  });

  it("refuses a stack name Docker could not use", () => {
    expect(() => planStack("Bad Name", parseCompose("services:\n  a: { image: x:1 }\n"))).toThrow(
      /stack name/,
    );
  });

  it("takes a build from an inline Dockerfile", () => {
    const [svc] = plan(
      `services:\n  app:\n    build:\n      dockerfile_inline: |\n        FROM busybox:1\n      args: { V: "1" }\n`,
    ).services;
    expect(svc!.spec.image).toBe("demo-app:latest");
    expect(svc!.build).toEqual({
      dockerfile: "FROM busybox:1\n",
      contextUrl: undefined,
      dockerfilePath: undefined,
      args: { V: "1" },
      target: undefined,
    });
  });
});

describe("deploy_stack: templates", () => {
  it("renders web-db-cache as compose that plans web after a healthy db and cache, on one app network", () => {
    const { yaml, generated } = renderTemplate("web-db-cache", { web_image: "my/nginx:1", web_port: 8088 });
    expect(generated.db_password).toMatch(/^[0-9a-f]{24}$/);
    const p = planStack("shop", parseCompose(yaml));
    expect(p.services.map((s) => s.service)).toEqual(["db", "cache", "web"]);
    expect(p.services[2]!.spec).toMatchObject({
      image: "my/nginx:1",
      ports: [{ containerPort: 80, hostPort: 8088, hostIp: "127.0.0.1" }],
    });
    expect(p.services.every((s) => s.spec.healthcheck && s.spec.limits?.memoryBytes)).toBe(true);
    expect(p.volumes.map((v) => v.name)).toEqual(["shop_db_data"]);
    expect(p.networks.map((n) => n.name)).toEqual(["shop_app"]);
  });

  it("renders api-worker-queue, and keeps a $ in a parameter as it is", () => {
    const { yaml } = renderTemplate("api-worker-queue", {
      api_image: "api:1",
      worker_image: "worker:1",
      env: { PRICE: "$5" },
    });
    const p = planStack("jobs", parseCompose(yaml));
    expect(p.services.map((s) => s.service)).toEqual(["queue", "api", "worker"]);
    expect(p.services[1]!.spec.env).toEqual({ PRICE: "$5", QUEUE_URL: "redis://queue:6379/0" });
  });

  it("says which parameters are wrong", () => {
    expect(() => renderTemplate("api-worker-queue", {})).toThrow(/api_image/);
    expect(() => renderTemplate("nope")).toThrow(
      /no template "nope"; templates: web-db-cache, api-worker-queue/,
    );
    expect(Object.keys(TEMPLATES)).toEqual(["web-db-cache", "api-worker-queue"]);
  });
});

describe("deploy_stack: readiness", () => {
  const at = Date.parse("2026-01-01T00:00:10Z");
  const info = (state: Record<string, unknown>) =>
    ({
      State: { Status: "running", Running: true, StartedAt: "2026-01-01T00:00:09Z", ExitCode: 0, ...state },
    }) as unknown as Dockerode.ContainerInspectInfo;

  it.each([
    ["a service just started, without healthcheck", info({}), "settled", "waiting"],
    [
      "a service running for 2 s, without healthcheck",
      info({ StartedAt: "2026-01-01T00:00:08Z" }),
      "settled",
      "ready",
    ],
    ["a service just started, for service_started", info({}), "service_started", "ready"],
    ["a healthcheck still starting", info({ Health: { Status: "starting" } }), "service_healthy", "waiting"],
    ["a healthy service", info({ Health: { Status: "healthy" } }), "settled", "ready"],
    [
      "a restarting container",
      info({ Status: "exited", Running: false, Restarting: true }),
      "settled",
      "waiting",
    ],
    [
      "a one-shot service that exited 0",
      info({ Status: "exited", Running: false }),
      "service_completed_successfully",
      "ready",
    ],
  ] as const)("%s is %s", (_what, container, condition, expected) => {
    expect(readiness(container, condition, at)).toBe(expected);
  });

  it.each([
    [
      "an exited container",
      info({ Status: "exited", Running: false, ExitCode: 3 }),
      "settled",
      /exited with code 3/,
    ],
    [
      "an unhealthy one, with its last probe",
      info({ Health: { Status: "unhealthy", Log: [{ Output: "refused" }] } }),
      "settled",
      /unhealthy: refused/,
    ],
    [
      "a one-shot service that failed",
      info({ Status: "exited", Running: false, ExitCode: 1 }),
      "service_completed_successfully",
      /exited with code 1/,
    ],
  ] as const)("%s fails", (_what, container, condition, message) => {
    const ready = readiness(container, condition, at);
    expect(typeof ready === "object" && ready.failed).toMatch(message);
  });
});
