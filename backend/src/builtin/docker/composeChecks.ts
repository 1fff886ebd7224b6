import { parse } from "yaml";
import type { Finding } from "./dockerfileChecks.js";
import { pinningOf, UNPINNED_FIX } from "./dockerfileChecks.js";
import { isSecretName } from "./redact.js";
import { isDockerSocket } from "./safety.js";
import { ComposeError, parseCompose, planStack } from "./stack/index.js";

type Service = Record<string, unknown>;
const HOST_CAPS = /^(CAP_)?(ALL|SYS_ADMIN|SYS_MODULE|SYS_PTRACE|NET_ADMIN)$/i;

/**
 * Checks a compose file's text the way a reviewer would, service by service. It reads the file loosely (any
 * Compose key), then says whether deploy_stack can deploy it as it is.
 */
export function checkCompose(text: string): Finding[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return [
      {
        severity: "error",
        rule: "yaml",
        where: "file",
        message: `not valid YAML: ${(error as Error).message}`,
        fix: "fix the YAML syntax",
      },
    ];
  }
  const services = (raw as { services?: Record<string, Service> } | null)?.services;
  if (!services || typeof services !== "object")
    return [
      {
        severity: "error",
        rule: "no-services",
        where: "file",
        message: "no services mapping",
        fix: "list the containers under services:",
      },
    ];
  const findings = Object.entries(services).flatMap(([name, service]) =>
    checkService(`services.${name}`, service ?? {}),
  );
  try {
    // Every ${VAR} counts as set: this checks what deploy_stack supports, not the values.
    planStack("check", parseCompose(text, new Proxy({}, { get: () => "x" })));
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    findings.push({
      severity: "info",
      rule: "deploy-stack",
      where: "file",
      message: `deploy_stack cannot deploy this as it is: ${error.message}`,
      fix: "change what the message names, or deploy it with docker compose",
    });
  }
  return findings;
}

function checkService(where: string, s: Service): Finding[] {
  const f: Finding[] = [];
  const add = (severity: Finding["severity"], rule: string, at: string, message: string, fix: string) =>
    f.push({ severity, rule, where: at, message, fix });
  const image = typeof s.image === "string" ? s.image : undefined;
  if (image && !s.build && !image.includes("$")) {
    const pinning = pinningOf(image);
    if (pinning === "none" || pinning === "latest")
      add(
        "warning",
        pinning === "latest" ? "latest-tag" : "unpinned-image",
        `${where}.image`,
        `${image} ${pinning === "latest" ? 'uses the moving "latest" tag' : "has no tag"}`,
        UNPINNED_FIX,
      );
  }
  if (s.privileged === true)
    add(
      "error",
      "privileged",
      `${where}.privileged`,
      "privileged mode gives the container full control of the host",
      "remove it; add only the capabilities it needs with cap_add",
    );
  for (const key of ["network_mode", "pid", "ipc"] as const)
    if (s[key] === "host")
      add(
        "error",
        `host-${key === "network_mode" ? "network" : key}`,
        `${where}.${key}`,
        `${key}: host shares the host's ${key === "network_mode" ? "network" : key.toUpperCase()} namespace`,
        key === "network_mode" ? "use a network and publish the ports it needs" : `remove ${key}: host`,
      );
  for (const cap of asList(s.cap_add))
    if (HOST_CAPS.test(cap))
      add(
        "error",
        "host-capability",
        `${where}.cap_add`,
        `capability ${cap} amounts to root on the host`,
        "drop it, or grant a narrower capability",
      );
  asList(s.volumes).forEach((v, i) => {
    const source = typeof v === "string" ? v.split(":")[0] : (v as { source?: string }).source;
    if (source && source.startsWith("/") && isDockerSocket(source.replace(/\/+$/, "") || "/"))
      add(
        "error",
        "docker-socket",
        `${where}.volumes[${i}]`,
        `mounting ${source} hands the container the Docker engine, which is root on the host`,
        "do not mount the socket; if a tool needs Docker, give it a socket proxy that allows only what it needs",
      );
  });
  for (const [key, value] of envEntries(s.environment))
    if (isSecretName(key) && value && !/^\$\{?[A-Za-z_]/.test(value))
      add(
        "warning",
        "secret-in-environment",
        `${where}.environment.${key}`,
        `${key} is written into the file in clear`,
        `take it from outside the file: ${key}: \${${key}} (or Docker secrets)`,
      );
  const health = s.healthcheck as { disable?: boolean } | undefined;
  if (!health || health.disable)
    add(
      "warning",
      "no-healthcheck",
      `${where}`,
      "no healthcheck: depends_on cannot wait for it to be ready, and a hung container looks healthy",
      "add healthcheck: { test: [...], interval: 10s }",
    );
  const limits = (s.deploy as { resources?: { limits?: unknown } } | undefined)?.resources?.limits;
  if (!limits && s.mem_limit === undefined && s.cpus === undefined)
    add(
      "warning",
      "no-limits",
      `${where}`,
      "no resource limits: one runaway container can starve the machine",
      "set deploy.resources.limits (memory, cpus)",
    );
  asList(s.ports).forEach((p, i) => {
    const open =
      typeof p === "object" && p
        ? !(p as { host_ip?: string }).host_ip ||
          ["0.0.0.0", "::"].includes((p as { host_ip: string }).host_ip)
        : allInterfaces(String(p));
    if (open)
      add(
        "warning",
        "all-interfaces",
        `${where}.ports[${i}]`,
        `${typeof p === "object" ? JSON.stringify(p) : p} is published on every interface: anyone on the network can reach it`,
        'prefix the host address: "127.0.0.1:8080:80"',
      );
  });
  const user = s.user === undefined ? undefined : String(s.user).split(":")[0];
  if (user === "root" || user === "0")
    add(
      "warning",
      "runs-as-root",
      `${where}.user`,
      "the container runs as root",
      'run as a non-root user: user: "10001:10001"',
    );
  else if (user === undefined)
    add(
      "info",
      "runs-as-root",
      `${where}`,
      "no user: it runs as its image's default user, often root",
      "set user to a non-root uid if the image allows it",
    );
  return f;
}

const asList = (value: unknown): unknown[] & string[] =>
  (Array.isArray(value) ? value : []) as unknown[] & string[];

function envEntries(env: unknown): [string, string][] {
  if (Array.isArray(env))
    return env.map((e) => {
      const at = String(e).indexOf("=");
      return at < 0 ? [String(e), ""] : [String(e).slice(0, at), String(e).slice(at + 1)];
    });
  if (env && typeof env === "object")
    return Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)]);
  return [];
}

/** "8080:80", "80" (a random host port, still on every interface) or "0.0.0.0:8080:80", but not "127.0.0.1:8080:80". */
function allInterfaces(port: string): boolean {
  const parts = port.split("/")[0]!.split(":");
  if (parts.length <= 2) return true;
  const ip = parts
    .slice(0, -2)
    .join(":")
    .replace(/^\[|\]$/g, "");
  return ip === "0.0.0.0" || ip === "::" || ip === "";
}
