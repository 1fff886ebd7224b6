import { randomBytes } from "node:crypto";
import { stringify } from "yaml";
import { z } from "zod";
import { ComposeError } from "./compose.js";

/**
 * Stacks people ask for most, which deploy_stack takes by name with parameters instead of a compose file. Each
 * renders compose YAML, so a template and a file go through the same checks, and the YAML is shown to the user.
 */
interface Template<P extends z.ZodType> {
  description: string;
  parameters: P;
  /** Parameters whose default is made up on each render (a password): the caller is told their values once. */
  generated?: string[];
  render(params: z.infer<P>): Record<string, unknown>;
}

const image = (fallback: string, what: string) =>
  z.string().min(1).default(fallback).describe(`Image of the ${what}`);
const hostPort = z
  .number()
  .int()
  .min(0)
  .max(65_535)
  .default(0)
  .describe("Host port on 127.0.0.1 (0: a random free one)");
/** Health probes every 2 s, so a stack is reported healthy within seconds of being so. */
const probe = { interval: "2s", timeout: "5s", retries: 30, start_period: "60s" };

const webDbCache = z
  .object({
    web_image: image("nginx:1.27-alpine", "web server (nginx)"),
    db_image: image("postgres:16-alpine", "database (postgres)"),
    cache_image: image("redis:7-alpine", "cache (redis)"),
    web_port: hostPort,
    db_name: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .default("app")
      .describe("Database to create"),
    db_password: z
      .string()
      .min(8)
      .default(() => randomBytes(12).toString("hex"))
      .describe("Password of the postgres user (default: a random one, shown once)"),
    web_memory: z.string().default("128m").describe("Memory limit of the web server"),
    db_memory: z.string().default("512m").describe("Memory limit of the database"),
    cache_memory: z.string().default("128m").describe("Memory limit of the cache"),
  })
  .strict();

const apiWorkerQueue = z
  .object({
    api_image: z.string().min(1).describe("Image of the API service"),
    worker_image: z.string().min(1).describe("Image of the worker"),
    queue_image: image("redis:7-alpine", "queue (redis)"),
    api_port: hostPort,
    api_container_port: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(8080)
      .describe("Port the API listens on inside its container"),
    api_healthcheck: z
      .string()
      .optional()
      .describe(
        'A shell command that exits 0 when the API is healthy, e.g. "wget -qO- http://127.0.0.1:8080/health"',
      ),
    worker_command: z.array(z.string()).optional().describe("The worker's command, if not its image's CMD"),
    env: z.record(z.string(), z.string()).default({}).describe("Environment for both the API and the worker"),
    memory: z.string().default("256m").describe("Memory limit of the API and the worker each"),
  })
  .strict();

export const TEMPLATES: Record<string, Template<z.ZodType>> = {
  "web-db-cache": {
    description:
      "nginx + postgres (named volume) + redis on an app network, each with a health check and limits",
    parameters: webDbCache,
    generated: ["db_password"],
    render: (p: z.infer<typeof webDbCache>) => ({
      services: {
        db: {
          image: p.db_image,
          environment: { POSTGRES_PASSWORD: p.db_password, POSTGRES_DB: p.db_name },
          volumes: ["db_data:/var/lib/postgresql/data"],
          networks: ["app"],
          healthcheck: { test: ["CMD", "pg_isready", "-U", "postgres", "-h", "127.0.0.1"], ...probe },
          restart: "unless-stopped",
          deploy: { resources: { limits: { memory: p.db_memory } } },
        },
        cache: {
          image: p.cache_image,
          networks: ["app"],
          healthcheck: { test: ["CMD", "redis-cli", "ping"], ...probe },
          restart: "unless-stopped",
          deploy: { resources: { limits: { memory: p.cache_memory } } },
        },
        web: {
          image: p.web_image,
          ports: [`127.0.0.1:${p.web_port || ""}:80`],
          networks: ["app"],
          depends_on: { db: { condition: "service_healthy" }, cache: { condition: "service_healthy" } },
          healthcheck: { test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1/ || exit 1"], ...probe },
          restart: "unless-stopped",
          deploy: { resources: { limits: { memory: p.web_memory } } },
        },
      },
      volumes: { db_data: null },
      networks: { app: null },
    }),
  },
  "api-worker-queue": {
    description: "an API and a worker sharing a redis queue (QUEUE_URL) on an app network",
    parameters: apiWorkerQueue,
    render: (p: z.infer<typeof apiWorkerQueue>) => {
      const env = { ...p.env, QUEUE_URL: "redis://queue:6379/0" };
      const limits = { deploy: { resources: { limits: { memory: p.memory } } } };
      return {
        services: {
          queue: {
            image: p.queue_image,
            networks: ["app"],
            volumes: ["queue_data:/data"],
            healthcheck: { test: ["CMD", "redis-cli", "ping"], ...probe },
            restart: "unless-stopped",
            deploy: { resources: { limits: { memory: "128m" } } },
          },
          api: {
            image: p.api_image,
            environment: env,
            ports: [`127.0.0.1:${p.api_port || ""}:${p.api_container_port}`],
            networks: ["app"],
            depends_on: { queue: { condition: "service_healthy" } },
            ...(p.api_healthcheck
              ? { healthcheck: { test: ["CMD-SHELL", p.api_healthcheck], ...probe } }
              : {}),
            restart: "unless-stopped",
            ...limits,
          },
          worker: {
            image: p.worker_image,
            ...(p.worker_command ? { command: p.worker_command } : {}),
            environment: env,
            networks: ["app"],
            depends_on: { queue: { condition: "service_healthy" } },
            restart: "unless-stopped",
            ...limits,
          },
        },
        volumes: { queue_data: null },
        networks: { app: null },
      };
    },
  },
};

/**
 * The template's compose YAML for these parameters (`$` escaped, so nothing in a parameter is interpolated), and
 * the values made up for parameters left out.
 */
export function renderTemplate(
  name: string,
  parameters: Record<string, unknown> = {},
): { yaml: string; generated: Record<string, string> } {
  const template = TEMPLATES[name];
  if (!template)
    throw new ComposeError(`no template "${name}"; templates: ${Object.keys(TEMPLATES).join(", ")}`);
  const parsed = template.parameters.safeParse(parameters);
  if (!parsed.success)
    throw new ComposeError(
      `template ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "parameters"}: ${i.message}`).join("; ")}`,
    );
  const data = parsed.data as Record<string, unknown>;
  const generated = Object.fromEntries(
    (template.generated ?? [])
      .filter((key) => parameters[key] === undefined)
      .map((key) => [key, String(data[key])]),
  );
  return { yaml: stringify(escapeDollars(template.render(data))), generated };
}

function escapeDollars(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("$", () => "$$");
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}
