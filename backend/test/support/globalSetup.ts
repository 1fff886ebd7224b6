/**
 * vitest globalSetup for the integration config: checks the engine, builds the test images, picks the run id,
 * and on teardown removes everything labelled with it. Under CI=true a missing engine fails the run (a skipped
 * suite proves nothing); elsewhere suites see `dockerAvailable() === false` and skip.
 */
import type { TestProject } from "vitest/node";
import { DOCKER_ENV, dockerAvailable, newRunId, removeLabelled, RUN_ID_ENV } from "./docker.js";
import { ensureTestImages } from "./images.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const id = process.env[RUN_ID_ENV] ?? newRunId();
  process.env[RUN_ID_ENV] = id;
  project.provide("mcpHubTestRunId", id);

  delete process.env[DOCKER_ENV]; // ask the engine now, not a stale value from the parent shell
  const available = dockerAvailable();
  project.provide("mcpHubTestDocker", available);
  if (!available) {
    if (process.env.CI === "true") throw new Error("CI=true but no Docker engine answered `docker info`");
    process.stderr.write("[globalSetup] no Docker engine: integration suites will skip\n");
    return async () => {};
  }

  await ensureTestImages();
  return async () => {
    const removed = await removeLabelled(id);
    const left = Object.entries(removed).filter(([, names]) => names.length > 0);
    if (left.length > 0) {
      const named = left.map(([kind, names]) => `${kind} ${names.join(", ")}`).join("; ");
      process.stderr.write(`[globalSetup] removed what run ${id} left behind: ${named}\n`);
    }
  };
}
