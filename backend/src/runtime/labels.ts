import { createHash } from "node:crypto";
import { LABELS, type WorkloadSpec } from "./types.js";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** JSON with sorted object keys, so equal specs hash equally whatever order their fields were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 of everything that shapes the container. Secret values enter only as per-value digests (domain-separated
 * by name), so a changed secret changes the hash and redeploys, while the label itself carries no secret.
 */
export function configHash(spec: WorkloadSpec): string {
  const secrets = Object.fromEntries(
    Object.entries(spec.secretEnv ?? {}).map(([name, value]) => [
      name,
      sha256(`mcp-hub-secret\0${name}\0${value}`),
    ]),
  );
  const { secretEnv: _secretEnv, ...rest } = spec;
  return sha256(canonical({ ...rest, secrets }));
}

/** Labels on every container the hub creates (ADR 0012); spec.labels cannot override the hub's own. */
export function toLabels(spec: WorkloadSpec, hash: string): Record<string, string> {
  return {
    ...spec.labels,
    [LABELS.server]: spec.server,
    [LABELS.governanceLevel]: spec.risk,
    [LABELS.governanceAudit]: String(spec.audit),
    [LABELS.managed]: "true",
    [LABELS.transport]: spec.transport,
    [LABELS.configHash]: hash,
  };
}
