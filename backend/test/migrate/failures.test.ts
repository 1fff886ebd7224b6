import type { PlannedServer } from "@mcp-hub/contracts";
import { describe, expect, it } from "vitest";
import { explainFailure, scrub, StepFailure } from "../../src/migrate/failures.js";

const memory = { name: "memory" } as PlannedServer;

describe("a step's failure, said for the user", () => {
  it("names the server, the cause and the fix for the engine's usual troubles", () => {
    const full = explainFailure(
      "build",
      memory,
      new Error("failed to copy files: write /var/lib/docker/overlay2/x: no space left on device"),
    );
    expect(full.reason).toBe(
      "the Docker engine ran out of disk space during the build of memory (failed to copy files: write /var/lib/docker/overlay2/x: no space left on device)",
    );
    expect(full.fix).toMatch(/docker system prune.*run the plan again for memory/);

    const port = explainFailure(
      "deploy",
      memory,
      new Error("Bind for 0.0.0.0:5000 failed: port is already allocated"),
    );
    expect(port.reason).toMatch(/^a port memory needs is in use/);
    expect(port.fix).toMatch(/another registry port in Settings/);

    const registry = explainFailure(
      "push",
      memory,
      new Error("Get http://127.0.0.1:5000/v2/: dial tcp 127.0.0.1:5000: connect: connection refused"),
    );
    expect(registry.reason).toMatch(/^the local registry did not take the image of memory/);
    expect(registry.fix).toMatch(/docker ps --filter name=mcp-hub-registry/);

    const build = explainFailure("build", memory, new Error("npm error code E404"));
    expect(build.reason).toBe("the image of memory did not build: npm error code E404");

    const known = new StepFailure("memory needs secret X", "set it");
    expect(explainFailure("secrets", memory, known)).toEqual({
      reason: "memory needs secret X",
      fix: "set it",
    });
  });

  it("scrubs secret values, longest first", () => {
    expect(scrub("key=abcdef and abcd, x=ab", ["abcd", "abcdef", "ab"])).toBe(
      "key=[secret] and [secret], x=ab",
    );
  });
});
