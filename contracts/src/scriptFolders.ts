import { z } from "zod";
import { count, optionalFlag, optionalText, text, textList } from "./leaves.js";

/*
 * A local script's folder travels from where the client files are (the host helper, the CLI, the hub's mount of the
 * home) to the hub, which builds the script's image from it: the folder as a tar stream, then what became of each
 * folder, so that the hub's scan says it however the scan came.
 */

/** A local script's folder, sent for its image (without installed dependencies, caches, credentials), or why not. */
export const scriptFolderSchema = z.lazy(() =>
  z.discriminatedUnion("status", [
    z.object({
      status: z.literal("sent"),
      key: text,
      entryName: text,
      folder: optionalText,
      bytes: count,
      files: count,
      leftOut: textList,
    }),
    z.object({
      status: z.literal("refused"),
      key: text,
      entryName: text,
      folder: optionalText,
      reason: text,
      /** Its path starts at a folder only the client knows (`${workspaceFolder}`): the reason says the CLI's way. */
      needsWorkspaceFolder: optionalFlag,
    }),
  ]),
);
export type ScriptFolder = z.infer<typeof scriptFolderSchema>;

/** PUT /api/migrate/scans/:id/folders: what became of each local script's folder, once the sent ones are stored. */
export const scriptFoldersRequestSchema = z.lazy(() =>
  z.object({ folders: z.array(scriptFolderSchema).max(256) }),
);
export type ScriptFoldersRequest = z.infer<typeof scriptFoldersRequestSchema>;

/** PUT /api/migrate/scans/:id/contexts/:key: a local script's directory, as a tar stream, for its image. */
export const contextParamsSchema = z.object({ id: text.min(1).max(64), key: text.min(1).max(300) });
/** The cap of a script directory's tar stream: the host side excludes what a server never needs (.git, …). */
export const MIGRATION_CONTEXT_MAX_BYTES = 32 * 1024 * 1024;
export const contextStoredSchema = z.lazy(() => z.object({ key: text, bytes: count }));
export type ContextStored = z.infer<typeof contextStoredSchema>;
