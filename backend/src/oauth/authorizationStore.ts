import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serverNameSchema } from "@mcp-hub/contracts";
import { z } from "zod";
import { ensureDataDir, parseValidJsonFile, writeFileAtomic } from "../config/index.js";
import { SerialQueue } from "../queue/index.js";

export const AUTHORIZATIONS_FILE = "oauth.json";

/*
 * What the SDK hands the provider (tokens, a client registration, discovery results) is kept as it came: the SDK
 * parsed it, and stores it back unchanged so its issuer stamps stay intact. Only the fields the hub reads are named.
 */
const tokensSchema = z.looseObject({
  access_token: z.string(),
  token_type: z.string(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
  expires_in: z.number().optional(),
  issuer: z.string().optional(),
});
const clientSchema = z.looseObject({ client_id: z.string(), issuer: z.string().optional() });
const discoverySchema = z.looseObject({ authorizationServerUrl: z.string() });

const recordSchema = z.object({
  /** The server URL this authorization belongs to: a server re-added elsewhere under the same name starts over. */
  url: z.string(),
  tokens: tokensSchema.optional(),
  /** When the access token expires (ISO), from expires_in at the time it was received. */
  expiresAt: z.string().optional(),
  /** The registration (dynamic), or the issuer a pre-registered client id was first used with (no secret). */
  client: clientSchema.optional(),
  /** The redirect URI the dynamic registration was made for; another one means registering again. */
  clientRedirectUri: z.string().optional(),
  discovery: discoverySchema.optional(),
  authorizedAt: z.string().optional(),
  lastRefreshAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type AuthorizationRecord = z.infer<typeof recordSchema>;
export type StoredTokens = z.infer<typeof tokensSchema>;

const fileSchema = z.object({ servers: z.record(serverNameSchema, recordSchema).default({}) });

export interface AuthorizationStore {
  readonly file: string;
  /** Reads the file once; a missing file is an empty store. An invalid one throws InvalidState, left untouched. */
  load(): Promise<void>;
  get(server: string): AuthorizationRecord | undefined;
  /** Replaces one server's record (undefined removes it) and writes the file: serialized, atomic, 0600. */
  set(server: string, record: AuthorizationRecord | undefined): Promise<void>;
}

/**
 * The OAuth state of remote servers — tokens, client registrations, discovery — in `oauth.json` beside the secrets
 * and kept like them (0600, never logged, never shown). Only the hub process writes it (the CLI goes through the
 * REST API), so it is read once and kept in memory.
 */
export function createAuthorizationStore(options: { dataDir: string }): AuthorizationStore {
  const file = join(options.dataDir, AUTHORIZATIONS_FILE);
  const records = new Map<string, AuthorizationRecord>();
  const queue = new SerialQueue();

  return {
    file,
    async load() {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      records.clear();
      for (const [name, record] of Object.entries(parseValidJsonFile(file, text, fileSchema).servers))
        records.set(name, record);
    },
    get: (server) => records.get(server),
    set(server, record) {
      // Memory first, so readers never see an older record than the one being written; each write is the whole map.
      if (record) records.set(server, record);
      else if (!records.delete(server)) return Promise.resolve();
      return queue.run(async () => {
        await ensureDataDir(options.dataDir);
        const servers = Object.fromEntries([...records].sort(([a], [b]) => a.localeCompare(b)));
        await writeFileAtomic(file, `${JSON.stringify({ servers }, null, 2)}\n`);
      });
    },
  };
}
