import { createdResourcesSchema } from "@mcp-hub/contracts";
import Dockerode from "dockerode";
import { describe, expect, it } from "vitest";
import { createdResources } from "../../../src/builtin/docker/createdResources.js";

/** The list with resources is tested against the real engine, through the hub's route, in stacks.int.test.ts. */
describe("GET /api/docker's reader", () => {
  it("answers an unreachable engine with its error and nothing listed, per the contract", async () => {
    const read = createdResources(() => new Dockerode({ socketPath: "/nonexistent/docker.sock" }));
    expect(createdResourcesSchema.parse(await read())).toEqual({
      engine: { reachable: false, error: expect.stringContaining("/nonexistent/docker.sock") },
      stacks: [],
      containers: [],
      images: [],
      volumes: [],
      networks: [],
    });
  });
});
