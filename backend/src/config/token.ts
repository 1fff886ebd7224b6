import { randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { InvalidState } from "../errors/index.js";
import { ensureDataDir, isMissingFile, PRIVATE_FILE_MODE, writeFileAtomic } from "./atomicWrite.js";

export const TOKEN_FILE = "token";
/** What the local registry sends with its notifications to the hub (never the users' token). */
export const REGISTRY_TOKEN_FILE = "registry-token";
/** 256 bits: far beyond guessing, and base64url keeps it header- and shell-safe. */
const TOKEN_BYTES = 32;

export function tokenFile(dataDir: string, name = TOKEN_FILE): string {
  return join(dataDir, name);
}

/** A bearer token (by default the users' one for HTTP entry), generated on first start and kept across restarts. */
export async function loadOrCreateToken(dataDir: string, name = TOKEN_FILE): Promise<string> {
  const file = tokenFile(dataDir, name);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isMissingFile(error)) return rotateToken(dataDir, name);
    throw error;
  }
  const token = text.trim();
  // An empty file is a mistake to surface, not a reason to hand out a new token silently.
  if (!token)
    throw new InvalidState(file, [
      { path: "", message: "the token file is empty; delete it to generate a new token" },
    ]);
  // Tighten a copy restored with loose permissions (e.g. from a backup tool).
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, PRIVATE_FILE_MODE);
  return token;
}

/** Replaces the token; clients configured with the old one stop working. */
export async function rotateToken(dataDir: string, name = TOKEN_FILE): Promise<string> {
  await ensureDataDir(dataDir);
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  await writeFileAtomic(tokenFile(dataDir, name), `${token}\n`);
  return token;
}

/**
 * Constant-time comparison of the presented token with the expected one. Only the length can differ in time, and
 * it is no secret: every token the hub makes is 43 characters.
 */
export function tokenMatches(expected: string, presented: string | undefined | null): boolean {
  if (typeof presented !== "string" || expected.length === 0) return false;
  const want = Buffer.from(expected, "utf8");
  const got = Buffer.from(presented, "utf8");
  return want.length === got.length && timingSafeEqual(want, got);
}
