import { riskLevelSchema, serverNameSchema } from "@mcp-hub/contracts";
import type { RiskLevel } from "../../api";

/** What another page can fill in on the add-server form: an image, a name for it, its risk level. */
export interface AddServerPrefill {
  image?: string;
  name?: string;
  risk?: RiskLevel;
}

/** The Servers page with its add-server form open and filled in (a hash route, so a link or a navigate target). */
export function addServerPath(prefill: AddServerPrefill): string {
  const params = new URLSearchParams({ add: "1" });
  for (const [key, value] of Object.entries(prefill)) if (value) params.set(key, value);
  return `/servers?${params}`;
}

/** The prefill in the Servers page's address, keeping only what the form accepts. */
export function prefillFrom(params: URLSearchParams): AddServerPrefill {
  const risk = riskLevelSchema.safeParse(params.get("risk"));
  return {
    image: params.get("image") ?? undefined,
    name: params.get("name") ?? undefined,
    risk: risk.success ? risk.data : undefined,
  };
}

/** The same address with the form closed and its prefill gone. */
export function withoutAddForm(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ["add", "image", "name", "risk"]) next.delete(key);
  return next;
}

/** A server name for an image: its `mcp.server` label, else the last part of its repository, if either is valid. */
export function serverNameFor(repository: string, labels: Record<string, string>): string | undefined {
  const candidates = [
    labels["mcp.server"],
    repository
      .split("/")
      .at(-1)
      ?.replace(/[^a-z0-9-]+/g, "-"),
  ];
  return candidates.find((name) => name !== undefined && serverNameSchema.safeParse(name).success);
}
