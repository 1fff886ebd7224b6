import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SECRET_VALUE_MAX_CHARS, secretNameSchema } from "@mcp-hub/contracts";
import { z } from "zod";
import { BadRequest } from "../errors/index.js";
import { SerialQueue } from "../queue/index.js";
import { ensureDataDir, isMissingFile, writeFileAtomic } from "./atomicWrite.js";
import { parseValidJsonFile } from "./jsonFile.js";

export const SECRETS_FILE = "secrets.json";

const secretsFileSchema = z.record(secretNameSchema, z.string().max(SECRET_VALUE_MAX_CHARS));

export interface SecretStore {
  readonly file: string;
  /** Secret names, sorted; values are only ever returned by get(). */
  names(): Promise<string[]>;
  /** Values of exactly these names; if any is missing, fails listing every missing name. */
  get(names: readonly string[]): Promise<Record<string, string>>;
  set(name: string, value: string): Promise<void>;
  /** Resolves true when the secret existed. */
  remove(name: string): Promise<boolean>;
}

/**
 * The file is read on every call rather than cached: the CLI (`mcp-hub secret set`) may write it from another
 * process while the hub runs, and secrets are read only when a container is created. Nothing here logs a value.
 */
export function createSecretStore(options: { dataDir: string }): SecretStore {
  const { dataDir } = options;
  const file = join(dataDir, SECRETS_FILE);
  // Writes one at a time, so two sets never lose one another's secret.
  const queue = new SerialQueue();

  async function read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (isMissingFile(error)) return {};
      throw error;
    }
    // Invalid files throw InvalidState before any write, so a broken file is never replaced.
    return parseValidJsonFile(file, text, secretsFileSchema);
  }

  async function write(secrets: Record<string, string>): Promise<void> {
    await ensureDataDir(dataDir);
    const sorted = Object.fromEntries(Object.entries(secrets).sort(([a], [b]) => a.localeCompare(b)));
    await writeFileAtomic(file, `${JSON.stringify(sorted, null, 2)}\n`);
  }

  return {
    file,

    names: async () => Object.keys(await read()).sort(),

    get: async (names) => {
      const secrets = await read();
      const missing = names.filter((name) => !Object.hasOwn(secrets, name));
      if (missing.length)
        throw new BadRequest(
          `missing secret${missing.length > 1 ? "s" : ""}: ${missing.join(", ")} (set with \`mcp-hub secret set NAME\`)`,
        );
      return Object.fromEntries(names.map((name) => [name, secrets[name] as string]));
    },

    set: (name, value) =>
      queue.run(async () => {
        const checkedName = secretNameSchema.safeParse(name);
        if (!checkedName.success)
          throw new BadRequest(`invalid secret name "${name}": ${checkedName.error.issues[0]?.message}`);
        if (typeof value !== "string" || value.length > SECRET_VALUE_MAX_CHARS)
          throw new BadRequest(
            `secret "${name}" must be a string of at most ${SECRET_VALUE_MAX_CHARS} characters`,
          );
        const secrets = await read();
        secrets[name] = value;
        await write(secrets);
      }),

    remove: (name) =>
      queue.run(async () => {
        const secrets = await read();
        if (!Object.hasOwn(secrets, name)) return false;
        delete secrets[name];
        await write(secrets);
        return true;
      }),
  };
}
