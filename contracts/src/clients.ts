import { z } from "zod";
import { errorBodySchema } from "./errors.js";
import { count, flag, integer, optionalFlag, optionalText, text } from "./leaves.js";

/** The MCP client apps the hub can wire (one config writer each). */
export const CLIENT_IDS = [
  "claude-desktop",
  "cline",
  "vscode",
  "vscode-insiders",
  "cursor",
  "claude-code",
  "windsurf",
  "zed",
] as const;
export const clientIdSchema = z.enum(CLIENT_IDS);
export type ClientId = z.infer<typeof clientIdSchema>;

export const platformSchema = z.enum(["darwin", "win32", "linux"]);
export type Platform = z.infer<typeof platformSchema>;

/**
 * The host helper of a checkout (also shipped in the extension image), per platform, relative to the checkout: the
 * commands the hub and the dashboard tell the user to run on their machine start with it.
 */
export const HOST_HELPERS: Readonly<Record<Platform, string>> = {
  linux: "host/linux/mcp-hub-host",
  darwin: "host/darwin/mcp-hub-host",
  win32: "host\\windows\\mcp-hub-host.cmd",
};
export const clientScopeSchema = z.enum(["user", "project"]);
export type ClientScope = z.infer<typeof clientScopeSchema>;
/** How a client reaches the hub: the stdio bridge container, or the hub's HTTP endpoint. */
export const clientTransportSchema = z.enum(["stdio", "http"]);
export type ClientTransport = z.infer<typeof clientTransportSchema>;

/** One client app and whether its config has the hub's entry. */
export const clientStatusSchema = z.lazy(() => {
  const base = {
    client: clientIdSchema,
    displayName: text,
    scope: clientScopeSchema,
    installed: flag,
    /** Config file as the client sees it. */
    file: text,
    fileExists: flag,
    /** A backup taken before our first change exists, so `restore` has something to put back. */
    hasBackup: flag,
    transports: z.array(clientTransportSchema),
    /** What the user must do for a change to take effect. */
    afterChange: text,
    /**
     * Server entries the client starts itself, the hub's own not counted: what Migrate can take behind the hub.
     * Absent when the file could not be read (and from host helpers older than this field).
     */
    servers: count.optional(),
  };
  return z.discriminatedUnion("status", [
    z.object({ ...base, status: z.literal("not-configured") }),
    z.object({ ...base, status: z.literal("connected"), transport: clientTransportSchema }),
    /** An entry of our name exists but differs; `ours` says whether the hub wrote it. */
    z.object({ ...base, status: z.literal("conflicting"), existing: z.json(), ours: flag }),
    z.object({
      ...base,
      status: z.literal("invalid"),
      error: z.object({ message: text, line: integer, column: integer, file: text }),
    }),
  ]);
});
export type ClientStatus = z.infer<typeof clientStatusSchema>;
/** Where a client config file fails to parse; line and column are 1-based (0 when the file could not be read). */
export type SyntaxProblem = Omit<Extract<ClientStatus, { status: "invalid" }>["error"], "file">;

/** GET /api/clients */
export const clientsResponseSchema = z.lazy(() =>
  z.object({ platform: platformSchema, clients: z.array(clientStatusSchema) }),
);
export type ClientsResponse = z.infer<typeof clientsResponseSchema>;

/** The `:id` of /api/clients/:id/… */
export const clientParamsSchema = z.object({ id: clientIdSchema });

/** Builds on the first call, then answers the same. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** What the previews and the results share: the answers that change nothing, and the fields of a written file. */
const shared = once(() => ({
  unchanged: z.object({ status: z.literal("unchanged"), file: text, diff: z.literal("") }),
  conflicting: z.object({
    status: z.literal("conflicting"),
    file: text,
    existing: z.json(),
    diff: z.literal(""),
  }),
  written: { status: z.literal("written"), file: text, backup: optionalText, diff: text, afterChange: text },
}));

export const connectPreviewSchema = z.lazy(() =>
  z.discriminatedUnion("status", [
    z.object({ status: z.literal("change"), file: text, created: flag, diff: text }),
    shared().unchanged,
    shared().conflicting,
  ]),
);
export type ConnectPreview = z.infer<typeof connectPreviewSchema>;

export const disconnectPreviewSchema = z.lazy(() =>
  z.discriminatedUnion("status", [
    z.object({ status: z.enum(["change", "remove-file"]), file: text, diff: text }),
    shared().unchanged,
    shared().conflicting,
  ]),
);
export type DisconnectPreview = z.infer<typeof disconnectPreviewSchema>;

/** POST /api/clients/:id/preview answers with the diff connect (or disconnect) would apply. */
export const clientPreviewSchema = z.lazy(() => z.union([connectPreviewSchema, disconnectPreviewSchema]));
export type ClientPreview = z.infer<typeof clientPreviewSchema>;

export const connectResultSchema = z.lazy(() =>
  z.discriminatedUnion("status", [
    z.object({ ...shared().written, created: flag }),
    shared().unchanged.extend({ backup: optionalText }),
  ]),
);
export type ConnectResult = z.infer<typeof connectResultSchema>;

export const disconnectResultSchema = z.lazy(() =>
  z.discriminatedUnion("status", [
    /** `restoredBackup`: the file is the original again, byte for byte, and the backup was consumed. */
    z.object({ ...shared().written, restoredBackup: flag }),
    /** The file existed only because connect created it. */
    z.object({ status: z.literal("removed"), file: text, diff: text, afterChange: text }),
    shared().unchanged,
  ]),
);
export type DisconnectResult = z.infer<typeof disconnectResultSchema>;

/** POST /api/clients/:id/restore: the backup taken before the hub's first change is back. */
export const restoredSchema = z.lazy(() =>
  z.object({ status: z.literal("restored"), file: text, backup: text, diff: text, afterChange: text }),
);
const noBackupFields = once(() => ({ status: z.literal("no-backup"), file: text, backup: text }));
export const restoreResultSchema = z.lazy(() =>
  z.discriminatedUnion("status", [restoredSchema.unwrap(), z.object(noBackupFields())]),
);
export type RestoreResult = z.infer<typeof restoreResultSchema>;
/** POST /api/clients/:id/restore when there is nothing to restore: a 404 that still says where it looked. */
export const noBackupErrorSchema = z.lazy(() => errorBodySchema.extend(noBackupFields()));

/**
 * What the REST API (POST /api/clients/:id/<action>) and the host helper (`mcp-hub client <action> --json`) answer
 * for each action.
 */
export interface ClientActionResults {
  preview: ClientPreview;
  connect: ConnectResult;
  disconnect: DisconnectResult;
  restore: RestoreResult;
}
export type ClientAction = keyof ClientActionResults;

/** The body of POST /api/clients/:id/connect */
export const connectBodySchema = z
  .object({
    /** Default "stdio" (the bridge): works without any token set up on the client side. */
    transport: clientTransportSchema.optional(),
    /** Replace an entry of our name that the hub did not write. */
    force: optionalFlag,
  })
  .strict();
export type ConnectBody = z.infer<typeof connectBodySchema>;
/** The body of POST /api/clients/:id/disconnect */
export const disconnectBodySchema = connectBodySchema.pick({ force: true }).strict();
export type DisconnectBody = z.infer<typeof disconnectBodySchema>;
/** The body of POST /api/clients/:id/preview */
export const previewBodySchema = connectBodySchema
  .extend({ action: z.enum(["connect", "disconnect"]).default("connect") })
  .strict();
export type PreviewBody = z.infer<typeof previewBodySchema>;

/** GET /api/clients/setup: which machine the instructions are for (default: the hub's mounted home, else linux). */
export const clientSetupQuerySchema = z.object({ platform: platformSchema.optional() }).strict();
export type ClientSetupQuery = z.infer<typeof clientSetupQuerySchema>;

/** One way to wire a client by hand: the entry `connect` would write, the file it would create, the helper command. */
export const clientSetupOptionSchema = z.lazy(() =>
  z.object({
    transport: clientTransportSchema,
    /** Our entry, exactly as `connect` writes it under `serversPath` → `entryName`. */
    entry: z.record(z.string(), z.json()),
    /** The whole file `connect` creates where there is none (the entry in place, plus VS Code's token input). */
    newFile: text,
    /** The host helper command that writes this entry for the user. */
    command: text,
    /** HTTP entries refer to the token without holding it: a variable the client reads, or a prompt (VS Code). */
    token: z
      .discriminatedUnion("from", [
        z.object({ from: z.literal("env"), name: text }),
        z.object({ from: z.literal("prompt") }),
      ])
      .optional(),
  }),
);
export type ClientSetupOption = z.infer<typeof clientSetupOptionSchema>;

export const clientSetupSchema = z.lazy(() =>
  z.object({
    client: clientIdSchema,
    displayName: text,
    /** The config file `connect` creates on a machine where the client has left no trace yet. */
    file: text,
    serversPath: z.array(text),
    entryName: text,
    /** In the definition's order: stdio (the bridge, which needs no token on the client side) first. */
    options: z.array(clientSetupOptionSchema),
    afterChange: text,
  }),
);
export type ClientSetup = z.infer<typeof clientSetupSchema>;

/** GET /api/clients/setup: every client's manual setup for one machine (answered even without a mounted home). */
export const clientSetupGuideSchema = z.lazy(() =>
  z.object({
    platform: platformSchema,
    /** The home the paths start at: the user's own when known, else how the platform's users write it (~). */
    home: text,
    /** False when `home` is a placeholder the user must read as their own home. */
    exactHome: flag,
    clients: z.array(clientSetupSchema),
  }),
);
export type ClientSetupGuide = z.infer<typeof clientSetupGuideSchema>;
