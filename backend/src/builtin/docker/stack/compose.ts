import { parseDocument } from "yaml";
import { z } from "zod";
import { ToolFailure } from "../toolKit.js";

/**
 * The part of the Compose file format deploy_stack understands, checked key by key: a key it does not know is an
 * error naming it, never silently dropped. `x-*` extension fields are ignored, as Compose does.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const stringOrList = z.union([z.string(), z.array(z.string())]);
const mapOrList = z.union([z.record(z.string(), z.union([scalar, z.null()])), z.array(z.string())]);
const duration = z.union([z.string(), z.number()]);
const size = z.union([z.string(), z.number()]);

const portSchema = z.union([
  z.string(),
  z.number(),
  z
    .object({
      target: z.number().int(),
      published: z.union([z.string(), z.number()]).optional(),
      host_ip: z.string().optional(),
      protocol: z.enum(["tcp", "udp"]).optional(),
      mode: z.enum(["host", "ingress"]).optional(),
    })
    .strict(),
]);

const volumeMountSchema = z.union([
  z.string(),
  z
    .object({
      type: z.enum(["volume", "bind", "tmpfs"]),
      source: z.string().optional(),
      target: z.string(),
      read_only: z.boolean().optional(),
    })
    .strict(),
]);

const dependsOnSchema = z.union([
  z.array(z.string()),
  z.record(
    z.string(),
    z
      .object({
        condition: z
          .enum(["service_started", "service_healthy", "service_completed_successfully"])
          .default("service_started"),
        restart: z.boolean().optional(),
        required: z.boolean().optional(),
      })
      .strict(),
  ),
]);

const healthcheckSchema = z
  .object({
    test: stringOrList.optional(),
    interval: duration.optional(),
    timeout: duration.optional(),
    retries: z.number().int().min(1).optional(),
    start_period: duration.optional(),
    start_interval: duration.optional(),
    disable: z.boolean().optional(),
  })
  .strict();

const resourcesSchema = z
  .object({
    cpus: z.union([z.string(), z.number()]).optional(),
    memory: size.optional(),
    pids: z.number().int().optional(),
  })
  .strict();

const deploySchema = z
  .object({
    resources: z
      .object({ limits: resourcesSchema.optional(), reservations: resourcesSchema.optional() })
      .strict()
      .optional(),
    restart_policy: z
      .object({
        condition: z.enum(["none", "on-failure", "any"]).optional(),
        max_attempts: z.number().int().optional(),
        delay: duration.optional(),
        window: duration.optional(),
      })
      .strict()
      .optional(),
    replicas: z.literal(1, { message: "deploy_stack runs one container per service" }).optional(),
  })
  .strict();

const buildSchema = z.union([
  z.string(),
  z
    .object({
      context: z.string().optional(),
      dockerfile: z.string().optional(),
      dockerfile_inline: z.string().optional(),
      args: mapOrList.optional(),
      target: z.string().optional(),
    })
    .strict(),
]);

export const serviceSchema = z
  .object({
    image: z.string().optional(),
    build: buildSchema.optional(),
    command: stringOrList.optional(),
    entrypoint: stringOrList.optional(),
    environment: mapOrList.optional(),
    ports: z.array(portSchema).optional(),
    expose: z.array(z.union([z.string(), z.number()])).optional(),
    volumes: z.array(volumeMountSchema).optional(),
    networks: z
      .union([
        z.array(z.string()),
        z.record(
          z.string(),
          z.union([z.null(), z.object({ aliases: z.array(z.string()).optional() }).strict()]),
        ),
      ])
      .optional(),
    depends_on: dependsOnSchema.optional(),
    healthcheck: healthcheckSchema.optional(),
    restart: z
      .string()
      .regex(/^(no|always|unless-stopped|on-failure(:\d+)?)$/, "no, always, unless-stopped or on-failure[:N]")
      .optional(),
    deploy: deploySchema.optional(),
    labels: mapOrList.optional(),
    user: z.union([z.string(), z.number()]).optional(),
    working_dir: z.string().optional(),
    hostname: z.string().optional(),
    privileged: z.boolean().optional(),
    network_mode: z.string().optional(),
    pid: z.string().optional(),
    cap_add: z.array(z.string()).optional(),
    cap_drop: z.array(z.string()).optional(),
    read_only: z.boolean().optional(),
    tmpfs: stringOrList.optional(),
    init: z.boolean().optional(),
    stop_grace_period: duration.optional(),
    mem_limit: size.optional(),
    cpus: z.union([z.string(), z.number()]).optional(),
    pids_limit: z.number().int().optional(),
  })
  .strict()
  .refine((s) => s.image !== undefined || s.build !== undefined, {
    message: "a service needs image or build",
  });
export type ComposeService = z.infer<typeof serviceSchema>;

const topLevelResource = z.union([
  z.null(),
  z
    .object({
      name: z.string().optional(),
      driver: z.string().optional(),
      internal: z.boolean().optional(),
      labels: mapOrList.optional(),
      external: z.boolean().optional(),
    })
    .strict(),
]);

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const composeSchema = z
  .object({
    name: z.string().optional(),
    version: z.union([z.string(), z.number()]).optional(),
    services: z
      .record(z.string().regex(NAME, "letters, digits, _ . -"), serviceSchema)
      .refine((s) => Object.keys(s).length > 0, {
        message: "at least one service",
      }),
    volumes: z.record(z.string().regex(NAME), topLevelResource).optional(),
    networks: z.record(z.string().regex(NAME), topLevelResource).optional(),
  })
  .strict();
export type ComposeFile = z.infer<typeof composeSchema>;

/** A compose file that cannot be deployed; the message names each problem by its path. */
export class ComposeError extends ToolFailure {
  override readonly name = "ComposeError";
}

/** YAML text → the checked model. `variables` fill ${VAR}, ${VAR:-default}, ${VAR:?message} ($$ is a $). */
export function parseCompose(text: string, variables: Record<string, string> = {}): ComposeFile {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length)
    throw new ComposeError(`not valid YAML: ${document.errors.map((e) => e.message).join("; ")}`);
  const raw = withoutExtensions(document.toJS({ maxAliasCount: 100 }) as unknown);
  if (!raw || typeof raw !== "object") throw new ComposeError("a compose file is a mapping with services");
  const filled = interpolate(raw, variables, []);
  const parsed = composeSchema.safeParse(filled);
  if (!parsed.success)
    throw new ComposeError(
      parsed.error.issues
        .map((issue) => {
          const path = issue.path.join(".") || "(top)";
          if (issue.code === "unrecognized_keys")
            return `${path}: deploy_stack does not support ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
          return `${path}: ${issue.message}`;
        })
        .join("; "),
    );
  return parsed.data;
}

/** Drops `x-*` keys at the top and in each service, as Compose ignores them. */
function withoutExtensions(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const strip = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith("x-")));
  const top = strip(value as Record<string, unknown>);
  if (top.services && typeof top.services === "object" && !Array.isArray(top.services))
    top.services = Object.fromEntries(
      Object.entries(top.services as Record<string, unknown>).map(([name, s]) => [
        name,
        s && typeof s === "object" && !Array.isArray(s) ? strip(s as Record<string, unknown>) : s,
      ]),
    );
  return top;
}

const VARIABLE = /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function interpolate(value: unknown, variables: Record<string, string>, path: string[]): unknown {
  if (typeof value === "string")
    return value.replace(
      VARIABLE,
      (_all, dollar: string, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
        if (dollar === "$") return "$";
        const name = (braced ?? bare)!;
        const set = variables[name];
        const present = colon ? set !== undefined && set !== "" : set !== undefined;
        if (present) return set!;
        if (op === "-") return arg ?? "";
        if (op === "?") throw new ComposeError(`${path.join(".")}: ${arg || `variable ${name} is required`}`);
        throw new ComposeError(
          `${path.join(".")}: variable ${name} is not set (pass it in variables, or write \${${name}:-default})`,
        );
      },
    );
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, variables, [...path, String(i)]));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, variables, [...path, k])]),
    );
  return value;
}

/** Compose's map-or-list (environment, labels, build args) as a map; a bare name without value is an error. */
export function toMap(value: z.infer<typeof mapOrList> | undefined, where: string): Record<string, string> {
  if (!value) return {};
  const entries = Array.isArray(value)
    ? value.map((item) => {
        const at = item.indexOf("=");
        return [at < 0 ? item : item.slice(0, at), at < 0 ? null : item.slice(at + 1)] as const;
      })
    : Object.entries(value);
  return Object.fromEntries(
    entries.map(([key, v]) => {
      if (v === null || v === undefined)
        throw new ComposeError(
          `${where}.${key}: no value (the hub has no shell environment to take it from)`,
        );
      return [key, String(v)];
    }),
  );
}
