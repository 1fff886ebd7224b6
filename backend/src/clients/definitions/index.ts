import type { ClientDefinition, ClientId } from "../types.js";
import { claudeCode } from "./claudeCode.js";
import { claudeDesktop } from "./claudeDesktop.js";
import { cline } from "./cline.js";
import { cursor } from "./cursor.js";
import { vscode, vscodeInsiders } from "./vscode.js";
import { windsurf } from "./windsurf.js";
import { zed } from "./zed.js";

/** Every client we can wire, in the order the CLI and UI list them. */
export const CLIENTS: readonly ClientDefinition[] = [
  claudeDesktop,
  claudeCode,
  vscode,
  vscodeInsiders,
  cursor,
  cline,
  windsurf,
  zed,
];

export function findClient(id: string): ClientDefinition | undefined {
  return CLIENTS.find((c) => c.id === (id as ClientId));
}
