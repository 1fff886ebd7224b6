import type { PlannedServer } from "@mcp-hub/contracts";

/** A planned server as the plan makes them, with what a test does not care about filled in. */
export function plannedServer(
  overrides: Partial<PlannedServer> & Pick<PlannedServer, "name" | "kind" | "source">,
): PlannedServer & { image: string } {
  return {
    key: `claude-desktop/${overrides.name}`,
    image: `127.0.0.1:5000/mcp/${overrides.name}:${overrides.version ?? "local"}`,
    args: [],
    secretEnv: {},
    mounts: [],
    egress: false,
    risk: "low",
    riskReason: "test",
    notes: [],
    ...overrides,
  };
}
