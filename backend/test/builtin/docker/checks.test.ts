import { describe, expect, it } from "vitest";
import { checkCompose } from "../../../src/builtin/docker/composeChecks.js";
import { checkDockerfile } from "../../../src/builtin/docker/dockerfileChecks.js";

const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule).sort();

describe("validate_config", () => {
  it("finds a Dockerfile's unpinned base, root user, missing healthcheck and baked-in secrets, each with a fix", () => {
    const findings = checkDockerfile(`FROM node AS build
ENV API_KEY=abc123 LOG=info
ARG DB_PASSWORD=hunter22
FROM build
FROM debian:latest
USER root
`);
    expect(rules(findings)).toEqual([
      "latest-tag",
      "no-healthcheck",
      "runs-as-root",
      "secret-in-image",
      "secret-in-image",
      "unpinned-image",
    ]);
    expect(findings.find((f) => f.rule === "unpinned-image")).toMatchObject({
      where: "line 1",
      fix: expect.stringContaining("pin"),
    });
    expect(findings.find((f) => f.rule === "secret-in-image" && f.severity === "error")!.message).toContain(
      "API_KEY",
    );
    expect(findings.every((f) => f.message && f.fix)).toBe(true);
  });

  it("finds nothing in a careful Dockerfile", () => {
    expect(
      checkDockerfile(`FROM node:22.11-slim@sha256:${"a".repeat(64)}
ARG TOKEN
ENV PORT=8080
USER 10001
HEALTHCHECK CMD wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1
`),
    ).toEqual([]);
  });

  it("finds a compose file's dangers service by service", () => {
    const findings = checkCompose(`services:
  app:
    image: myapp
    privileged: true
    network_mode: host
    pid: host
    user: root
    cap_add: [SYS_ADMIN]
    volumes: ["/var/run/docker.sock:/var/run/docker.sock", "data:/data"]
    environment: { DB_PASSWORD: hunter2, FROM_ENV: "\${TOKEN}", API_TOKEN: "\${API_TOKEN}" }
    ports: ["8080:80", "127.0.0.1:9090:90", { target: 22 }]
volumes: { data: }
`);
    expect(rules(findings)).toEqual([
      "all-interfaces",
      "all-interfaces",
      "docker-socket",
      "host-capability",
      "host-network",
      "host-pid",
      "no-healthcheck",
      "no-limits",
      "privileged",
      "runs-as-root",
      "secret-in-environment",
      "unpinned-image",
    ]);
    expect(findings.find((f) => f.rule === "all-interfaces")!.where).toBe("services.app.ports[0]");
    expect(findings.find((f) => f.rule === "secret-in-environment")!.where).toBe(
      "services.app.environment.DB_PASSWORD",
    );
  });

  it("says when deploy_stack could not deploy a file as it is", () => {
    const findings = checkCompose(`services:
  app:
    image: myapp:1.2
    user: "10001"
    links: [db]
    healthcheck: { test: [CMD, "true"] }
    deploy: { resources: { limits: { memory: 64m } } }
`);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "deploy-stack",
        severity: "info",
        message: expect.stringContaining('"links"'),
      }),
    ]);
  });
});
