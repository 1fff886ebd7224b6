import path from "node:path";
import type { Scan, ScriptFolder } from "@mcp-hub/contracts";
import type { EnvContext } from "../clients/index.js";
import { packScriptFolder } from "./folderTar.js";
import { resolvePath } from "./placeholders.js";

/** Keeps one folder's tar stream for the scan (the CLI uploads it, the hub stores it); answers the bytes kept. */
export type KeepFolder = (key: string, tar: Buffer) => Promise<number>;

/**
 * Packs each local script's folder of a scan as a tar stream, for its image (scripts only: packages and images come
 * from their registries), and hands it to `keep`. The folder is the script's, resolved the way the client would
 * (`~`, the home and workspace variables) and opened through `env` (a mounted home maps the host's paths); one that
 * cannot be found, is the home, lies outside a mounted home, or is too large is refused with what to do.
 */
export async function packScriptFolders(
  scan: Scan,
  env: EnvContext,
  options: { workspaceFolder?: string },
  keep: KeepFolder,
): Promise<ScriptFolder[]> {
  const api = env.platform === "win32" ? path.win32 : path.posix;
  const local = (clientPath: string) => env.toLocalPath?.(clientPath) ?? clientPath;
  const sent: ScriptFolder[] = [];
  for (const file of scan.files) {
    if (file.status !== "ok") continue;
    for (const candidate of file.candidates.filter((c) => c.kind === "script" && c.source)) {
      const { key, entryName } = candidate;
      const refuse = (reason: string, folder?: string) =>
        sent.push({ key, entryName, folder, status: "refused", reason });
      const script = resolvePath(candidate.source!, {
        home: env.home,
        workspaceFolder: options.workspaceFolder,
      });
      if (!script) {
        sent.push({
          key,
          entryName,
          status: "refused",
          reason: `${candidate.source} names a folder only the client knows: give it with --workspace-folder`,
          needsWorkspaceFolder: true,
        });
        continue;
      }
      if (!api.isAbsolute(script)) {
        refuse(
          `${script} is relative to wherever the client starts it: give the entry an absolute path (or a cwd), then scan again`,
        );
        continue;
      }
      const folder = api.dirname(script);
      const fromHome = api.relative(env.home, folder);
      if (env.toLocalPath && (fromHome.startsWith("..") || api.isAbsolute(fromHome))) {
        refuse(
          `${folder} is outside your home, the only folder shared with the hub: move the script under your home, or run \`mcp-hub migrate\` on this machine`,
          folder,
        );
        continue;
      }
      const packed = await packScriptFolder({ dir: local(folder), home: local(env.home), shownAs: folder });
      if (packed.status === "refused") {
        refuse(packed.reason, folder);
        continue;
      }
      const bytes = await keep(key, packed.tar);
      sent.push({
        key,
        entryName,
        folder,
        status: "sent",
        bytes,
        files: packed.files,
        leftOut: packed.leftOut,
      });
    }
  }
  return sent;
}
