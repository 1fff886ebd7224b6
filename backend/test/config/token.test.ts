import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadOrCreateToken, rotateToken, tokenFile, tokenMatches } from "../../src/config/index.js";
import { InvalidState } from "../../src/errors/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcp-hub-token-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("token", () => {
  it("is created once (32 random bytes, base64url, 0600) and persists", async () => {
    const token = await loadOrCreateToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect((await stat(tokenFile(dir))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateToken(dir)).toBe(token);
    expect((await readFile(tokenFile(dir), "utf8")).trim()).toBe(token);
  });

  it("creates the data directory on first start", async () => {
    expect(await loadOrCreateToken(join(dir, "fresh"))).toHaveLength(43);
  });

  it("rotates to a new persisted token", async () => {
    const first = await loadOrCreateToken(dir);
    const second = await rotateToken(dir);
    expect(second).not.toBe(first);
    expect(await loadOrCreateToken(dir)).toBe(second);
  });

  it("tightens a token file with loose permissions", async () => {
    await loadOrCreateToken(dir);
    await chmod(tokenFile(dir), 0o644);
    await loadOrCreateToken(dir);
    expect((await stat(tokenFile(dir))).mode & 0o777).toBe(0o600);
  });

  it("refuses an empty token file instead of silently replacing it", async () => {
    await writeFile(tokenFile(dir), "\n");
    await expect(loadOrCreateToken(dir)).rejects.toBeInstanceOf(InvalidState);
    expect(await readFile(tokenFile(dir), "utf8")).toBe("\n");
  });

  it("matches only the exact token", () => {
    const token = "abcDEF123_-xyz";
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, "ABCdef123_-xyz")).toBe(false);
    expect(tokenMatches(token, "")).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches("", "")).toBe(false);
  });
});
