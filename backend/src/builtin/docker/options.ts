import { isAbsolute } from "node:path";
import { z } from "zod";

/**
 * How much the docker tools may do. `read-only`: only read tools are listed. `no-destructive` (the default): every
 * tool is listed, destructive calls need confirmation and dangerous create options are refused. `full`: dangerous
 * create options are allowed once confirmed. The hub's read-only mode wins over all three.
 */
export const MODES = ["read-only", "no-destructive", "full"] as const;
export type Mode = (typeof MODES)[number];

export const dockerOptionsSchema = z
  .object({
    mode: z.enum(MODES).default("no-destructive"),
    /** Host folders a bind mount may come from (and anything below them); none by default. */
    allowedHostPaths: z
      .array(z.string().refine((path) => isAbsolute(path), "an absolute host path"))
      .default([]),
    /** Extra labels on everything the tools create (the hub's test runs mark theirs). */
    labels: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type DockerOptions = z.infer<typeof dockerOptionsSchema>;
