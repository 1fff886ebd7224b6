import { describe, expect, it } from "vitest";
import { configHash, LABELS, profileFor, toLabels, type WorkloadSpec } from "../../src/runtime/index.js";

const spec = (over: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
  server: "rt-one",
  image: "img:1",
  command: ["serve"],
  env: { A: "1", B: "2" },
  secretEnv: { TOKEN: "s3cr3t-value" },
  transport: "stdio",
  risk: "medium",
  audit: true,
  profile: profileFor({ risk: "medium" }),
  ...over,
});

describe("configHash", () => {
  it("is stable whatever order the fields were built in", () => {
    expect(configHash(spec({ env: { B: "2", A: "1" } }))).toBe(configHash(spec()));
  });

  it("changes with anything that shapes the container, including a secret's value", () => {
    const base = configHash(spec());
    expect(configHash(spec({ image: "img:2" }))).not.toBe(base);
    expect(configHash(spec({ env: { A: "1", B: "3" } }))).not.toBe(base);
    expect(configHash(spec({ secretEnv: { TOKEN: "other" } }))).not.toBe(base);
    expect(configHash(spec({ profile: profileFor({ risk: "high" }) }))).not.toBe(base);
    expect(configHash(spec({ labels: { "mcp-hub.test": "x" } }))).not.toBe(base);
  });

  it("is a plain sha256 hex digest that does not contain the secret", () => {
    const hash = configHash(spec());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("s3cr3t");
  });
});

describe("toLabels", () => {
  it("carries the hub's labels and the spec's extra labels, which cannot override the hub's", () => {
    const labels = toLabels(
      spec({ risk: "high", audit: false, labels: { "mcp-hub.test": "run", [LABELS.managed]: "no" } }),
      "h",
    );
    expect(labels).toEqual({
      "mcp.server": "rt-one",
      "mcp.governance.level": "high",
      "mcp.governance.audit": "false",
      "mcp-hub.managed": "true",
      "mcp-hub.transport": "stdio",
      "mcp-hub.config-hash": "h",
      "mcp-hub.test": "run",
    });
    expect(JSON.stringify(labels)).not.toContain("s3cr3t");
  });
});
