import { z } from "zod";
import { scanSchema } from "./migrate.js";
import { scriptFolderSchema } from "./scriptFolders.js";

/**
 * What `mcp-hub migrate scan --json` prints: the hub's scan, the local scripts' folders sent along with it, and the
 * client files that were absent or unreadable where the command ran. In Docker Desktop the dashboard reads it from
 * the host helper.
 */
export const migrateScanOutputSchema = z.object({
  scan: scanSchema,
  folders: z.array(scriptFolderSchema),
  absent: z.array(z.object({ client: z.string(), file: z.string() })),
  unreadable: z.array(z.object({ client: z.string(), file: z.string(), reason: z.string() })),
});
export type MigrateScanOutput = z.infer<typeof migrateScanOutputSchema>;
