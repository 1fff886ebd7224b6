import { describe, expect, it } from "vitest";
import { ago, registryLine, shortDigest, tagTable } from "../../src/cli/registryText.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const before = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe("registry text for people", () => {
  it.each([
    [0, "now"],
    [42, "42 seconds ago"],
    [3 * 60 + 5, "3 minutes ago"],
    [3 * 3600 + 59 * 60, "3 hours ago"],
    [26 * 3600, "yesterday"],
    [5 * 86_400, "5 days ago"],
    [15 * 86_400, "2 weeks ago"],
    [70 * 86_400, "2 months ago"],
    [800 * 86_400, "2 years ago"],
  ])("says an age of %i s as %s", (seconds, text) => {
    expect(ago(before(seconds), NOW)).toBe(text);
  });

  it("says a time a skewed clock puts in the future is now, and leaves what is no time as it is", () => {
    expect(ago(before(-30), NOW)).toBe("now");
    expect(ago("yesterday-ish", NOW)).toBe("yesterday-ish");
  });

  it("shortens a digest to its first twelve hex digits", () => {
    expect(shortDigest(`sha256:${"0123456789abcdef".repeat(4)}`)).toBe("0123456789ab");
  });

  it("names the port in use, and the wanted one when it was taken", () => {
    expect(registryLine({ state: "running", port: 5000, wantedPort: 5000 })).toBe(
      "registry running at 127.0.0.1:5000",
    );
    expect(registryLine({ state: "running", port: 5001, wantedPort: 5000 })).toBe(
      "registry running at 127.0.0.1:5001 (port 5000 is taken)",
    );
    expect(registryLine({ state: "failed", port: 5000, error: "no image" })).toBe(
      "registry not running (port 5000): no image",
    );
    expect(registryLine({ state: "disabled" })).toMatch(/HUB_REGISTRY_IMAGE is not set/);
  });

  it("lays tags out in aligned columns with sizes for people", () => {
    const tag = {
      repository: "mcp/memory",
      tag: "1.0.0",
      digest: `sha256:${"ab".repeat(32)}`,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      size: 52_100_000,
      labels: { "mcp.governance.level": "high" },
      usedBy: ["memory", "notes"],
    };
    expect(tagTable([tag, { ...tag, tag: "latest", usedBy: [], labels: {} }], { withRepository: true })).toBe(
      [
        "REPOSITORY  TAG     DIGEST        SIZE     CREATED  RISK  USED BY",
        "mcp/memory  1.0.0   abababababab  52.1 MB           high  memory, notes",
        "mcp/memory  latest  abababababab  52.1 MB",
      ].join("\n"),
    );
  });
});
