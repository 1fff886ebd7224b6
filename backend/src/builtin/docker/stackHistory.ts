import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../../config/index.js";
import { SerialQueue } from "../../queue/index.js";

export interface Deployment {
  revision: number;
  at: string;
  action: "deploy" | "remove";
  outcome: "ok" | "failed" | "rolled back";
  durationMs: number;
  services?: { created: string[]; replaced: string[]; kept: string[]; removed: string[] };
  error?: string;
}

/** Deployments kept per stack. */
const KEEP = 20;

/**
 * Each stack's deployment history, newest last. In the hub it is kept in a file of the data directory, so it
 * outlives restarts; alone over stdio it lives as long as the process.
 */
export interface StackHistory {
  of(stack: string): Promise<Deployment[]>;
  stacks(): Promise<string[]>;
  record(stack: string, deployment: Deployment): Promise<void>;
}

export function createStackHistory(file?: string): StackHistory {
  let loaded: Promise<Record<string, Deployment[]>> | undefined;
  const queue = new SerialQueue();
  const load = () =>
    (loaded ??= file
      ? readFile(file, "utf8").then(
          (text) => JSON.parse(text) as Record<string, Deployment[]>,
          () => ({}) as Record<string, Deployment[]>,
        )
      : Promise.resolve({} as Record<string, Deployment[]>));
  return {
    of: async (stack) => [...((await load())[stack] ?? [])],
    stacks: async () => Object.keys(await load()),
    record: (stack, deployment) =>
      queue.run(async () => {
        const all = await load();
        all[stack] = [...(all[stack] ?? []), deployment].slice(-KEEP);
        if (file) await writeFileAtomic(file, `${JSON.stringify(all, null, 1)}\n`);
      }),
  };
}
