import { describe, expect, it } from "vitest";
import {
  markEntrySecrets,
  openLedger,
  renderLedger,
  sha256,
  withMigrated,
  withoutEntry,
} from "../../src/migrate/ledger.js";
import { fillSecrets, secretsMarkedIn } from "../../src/migrate/secretMarks.js";

const TEXT = `\uFEFF{
  "mcpServers": {
    "a": { "command": "npx", "args": ["-y", "a-mcp", "--key=s3cret-value"], "env": { "KEY": "s3cret-value" } },
    "b": { "command": "npx", "args": ["-y", "b-mcp"], "env": { "KEY": "s3cret-value", "URL": "http:\\/\\/x" } }
  }
}
`;
const scanned = {
  origin: "claude-desktop" as const,
  file: "/home/ann/c.json",
  text: TEXT,
  sha256: sha256(TEXT),
  scannedAt: "2026-12-07T10:00:00.000Z",
};
const hub = (text: string) => ({
  text: text.replace('"mcpServers": {', '"mcpServers": {\n    "mcp-hub": {},'),
  added: true,
});

describe("the ledger of a rewritten file", () => {
  it("marks an entry's secret values inside that entry only, and fills them back byte for byte", () => {
    const marked = markEntrySecrets(TEXT, ["mcpServers", "a"], { A__KEY: "s3cret-value" });
    expect(marked.startsWith("\uFEFF")).toBe(true);
    const [a, b] = marked.split('"b"');
    expect(a).not.toContain("s3cret-value");
    expect(a).toContain('"--key=\\u0000mcp-hub-secret:A__KEY\\u0000"'); // inside an argument too
    expect(b).toContain('"KEY": "s3cret-value"'); // another entry's copy of the value stays
    expect(secretsMarkedIn(marked)).toEqual(["A__KEY"]);
    expect(fillSecrets(marked, { A__KEY: "s3cret-value" })).toBe(TEXT);
    expect(fillSecrets(marked, {})).toBe(marked);
  });

  it("marks a value written with unusual escapes too (filled back as JSON writes it)", () => {
    const marked = markEntrySecrets(TEXT, ["mcpServers", "b"], { B__URL: "http://x" });
    expect(marked).not.toContain("http:\\/\\/x");
    expect(fillSecrets(marked, { B__URL: "http://x" })).toBe(TEXT.replace("http:\\/\\/x", "http://x"));
  });

  it("leaves migrated entries out, adds the hub's entry while any is behind it, and gives the text back", () => {
    const ledger = openLedger(undefined, scanned, ["mcpServers"]);
    const one = renderLedger(withMigrated(ledger, { a: "a" }), hub);
    expect(one.hubEntryAdded).toBe(true);
    expect(one.text).not.toContain('"a":');
    expect(one.text).toContain('"b":');
    expect(renderLedger(withoutEntry(withMigrated(ledger, { a: "a" }), "a"), hub)).toEqual({
      text: TEXT,
      hubEntryAdded: false,
    });
  });

  it("starts afresh when the file changed behind the hub, keeping migrated entries to put back", () => {
    const first = withMigrated(openLedger(undefined, scanned, ["mcpServers"]), { a: "a" });
    const written = {
      ...first,
      lastSha256: sha256(renderLedger(first, hub).text),
      writtenAt: "2026-12-07T10:01:00.000Z",
    };
    const edited = '{ "mcpServers": { "b": {}, "mcp-hub": {} }, "theme": "dark" }';
    // A scan of the text the hub wrote continues the ledger; one of a text it never saw starts a new one.
    expect(openLedger(written, { ...scanned, sha256: written.lastSha256 }, ["mcpServers"])).toBe(written);
    const next = openLedger(written, { ...scanned, text: edited, sha256: sha256(edited) }, ["mcpServers"]);
    expect(next.base).toBe(edited);
    expect(next.detached).toEqual({ a: { server: "a", value: expect.objectContaining({ command: "npx" }) } });
    expect(renderLedger(next, hub).hubEntryAdded).toBe(true);
    const back = renderLedger(withoutEntry(next, "a"), hub).text;
    expect(JSON.parse(back)).toEqual({
      mcpServers: { b: {}, "mcp-hub": {}, a: JSON.parse(TEXT.slice(1)).mcpServers.a },
      theme: "dark",
    });
  });

  it("keeps the ledger for a scan of the first text read before the hub wrote, not for one read after", () => {
    const first = withMigrated(openLedger(undefined, scanned, ["mcpServers"]), { a: "a" });
    const written = {
      ...first,
      lastSha256: sha256(renderLedger(first, hub).text),
      writtenAt: "2026-12-07T10:01:00.000Z",
    };
    // The scan the run planned from: the rewrite still expects the text the hub wrote.
    expect(openLedger(written, scanned, ["mcpServers"])).toBe(written);
    // The user put the file back by hand: the next rewrite expects that text, and "a" is the client's again.
    const restored = openLedger(written, { ...scanned, scannedAt: "2026-12-07T10:05:00.000Z" }, [
      "mcpServers",
    ]);
    expect(restored.lastSha256).toBe(sha256(TEXT));
    expect(restored.migrated).toEqual({});
    expect(restored.detached).toEqual({});
    expect(renderLedger(restored, hub)).toEqual({ text: TEXT, hubEntryAdded: false });
  });
});
