import { describe, expect, it } from "vitest";
import {
  checkParamHeaders,
  classify,
  decodeHeaderValue,
  paramHeadersOf,
  SUPPORTED_VERSIONS,
  validateModern,
} from "../../src/transport/classify.js";

const V = "2026-07-28";
const envelope = (extra: Record<string, unknown> = {}) => ({
  "io.modelcontextprotocol/protocolVersion": V,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "probe", version: "1" },
  ...extra,
});
const modernBody = (method: string, params: Record<string, unknown> = {}, meta = envelope()) => ({
  jsonrpc: "2.0",
  id: 7,
  method,
  params: { ...params, _meta: meta },
});
const modernHeaders = (method: string, name?: string) => ({
  "mcp-protocol-version": V,
  "mcp-method": method,
  ...(name === undefined ? {} : { "mcp-name": name }),
});
const b64 = (s: string) => `=?base64?${Buffer.from(s, "utf8").toString("base64")}?=`;

describe("classify", () => {
  it("treats a request carrying the _meta envelope as 2026-07-28", () => {
    expect(classify({ method: "POST", headers: {}, body: modernBody("tools/list") })).toEqual({
      era: "modern",
    });
  });

  it("treats a protocol version header naming a non-legacy revision as modern, even without _meta", () => {
    const body = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    expect(classify({ method: "POST", headers: { "mcp-protocol-version": V }, body }).era).toBe("modern");
    expect(classify({ method: "POST", headers: { "mcp-protocol-version": "2099-01-01" }, body }).era).toBe(
      "modern",
    );
  });

  it("keeps initialize on the legacy path whatever headers it carries", () => {
    const body = { jsonrpc: "2.0", id: 1, method: "initialize", params: { _meta: envelope() } };
    expect(classify({ method: "POST", headers: { "mcp-protocol-version": V }, body })).toEqual({
      era: "legacy",
      reason: "initialize",
    });
  });

  it("keeps session traffic, GET/DELETE, batches and envelope-less posts on the legacy path", () => {
    const body = modernBody("tools/list");
    expect(classify({ method: "POST", headers: { "mcp-session-id": "abc" }, body })).toEqual({
      era: "legacy",
      reason: "session",
    });
    expect(classify({ method: "GET", headers: {}, body: undefined }).era).toBe("legacy");
    expect(classify({ method: "DELETE", headers: {}, body: undefined }).era).toBe("legacy");
    expect(classify({ method: "POST", headers: {}, body: [body] })).toEqual({
      era: "legacy",
      reason: "not-single-message",
    });
    const plain = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    expect(classify({ method: "POST", headers: {}, body: plain }).era).toBe("legacy");
    expect(
      classify({ method: "POST", headers: { "mcp-protocol-version": "2025-11-25" }, body: plain }),
    ).toEqual({ era: "legacy", reason: "no-envelope" });
  });
});

describe("validateModern", () => {
  it("accepts a well-formed request and reads the client's identity", () => {
    const checked = validateModern({
      headers: modernHeaders("tools/call", "fx__echo"),
      body: modernBody("tools/call", { name: "fx__echo", arguments: { text: "hi" } }),
    });
    expect(checked).toMatchObject({
      ok: true,
      message: { kind: "request", id: 7, method: "tools/call", clientName: "probe", protocolVersion: V },
    });
  });

  it("recognises a notification", () => {
    const checked = validateModern({ headers: {}, body: { jsonrpc: "2.0", method: "notifications/x" } });
    expect(checked).toEqual({ ok: true, message: { kind: "notification", method: "notifications/x" } });
  });

  it("answers an unknown or legacy version with -32022 listing what is supported", () => {
    for (const requested of ["1900-01-01", "2025-11-25"]) {
      const checked = validateModern({
        headers: { ...modernHeaders("tools/list"), "mcp-protocol-version": requested },
        body: modernBody(
          "tools/list",
          {},
          envelope({ "io.modelcontextprotocol/protocolVersion": requested }),
        ),
      });
      expect(checked).toMatchObject({
        ok: false,
        rejection: {
          status: 400,
          id: 7,
          error: { code: -32022, data: { supported: SUPPORTED_VERSIONS, requested } },
        },
      });
    }
    expect(SUPPORTED_VERSIONS[0]).toBe(V);
    expect(SUPPORTED_VERSIONS).toContain("2025-11-25");
  });

  it("rejects a request missing required envelope fields with -32602 and 400", () => {
    const noCaps = envelope();
    delete (noCaps as Record<string, unknown>)["io.modelcontextprotocol/clientCapabilities"];
    expect(
      validateModern({ headers: modernHeaders("tools/list"), body: modernBody("tools/list", {}, noCaps) }),
    ).toMatchObject({ ok: false, rejection: { status: 400, error: { code: -32602 } } });
    const noVersion = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    expect(validateModern({ headers: modernHeaders("tools/list"), body: noVersion })).toMatchObject({
      ok: false,
      rejection: {
        status: 400,
        error: { code: -32602, message: expect.stringContaining("protocolVersion") },
      },
    });
  });

  it("rejects an unknown log level", () => {
    const body = modernBody("tools/list", {}, envelope({ "io.modelcontextprotocol/logLevel": "loud" }));
    expect(validateModern({ headers: modernHeaders("tools/list"), body })).toMatchObject({
      ok: false,
      rejection: { error: { code: -32602 } },
    });
  });

  it.each([
    [
      "a missing protocol version header",
      { "mcp-method": "tools/list" },
      /MCP-Protocol-Version header is required/,
    ],
    [
      "a protocol version header that differs",
      { ...modernHeaders("tools/list"), "mcp-protocol-version": "2025-11-25" },
      /does not match/,
    ],
    ["a missing Mcp-Method", { "mcp-protocol-version": V }, /Mcp-Method header is required/],
    ["an Mcp-Method that differs", modernHeaders("prompts/list"), /Mcp-Method header value 'prompts\/list'/],
  ])("answers %s with HeaderMismatch -32020", (_what, headers, message) => {
    expect(validateModern({ headers, body: modernBody("tools/list") })).toMatchObject({
      ok: false,
      rejection: { status: 400, id: 7, error: { code: -32020, message: expect.stringMatching(message) } },
    });
  });

  it("requires Mcp-Name for named methods and compares it after base64 decoding", () => {
    const body = modernBody("resources/read", { uri: "fixture://item/ü 1" });
    expect(validateModern({ headers: modernHeaders("resources/read"), body })).toMatchObject({
      ok: false,
      rejection: { error: { code: -32020, message: expect.stringContaining("Mcp-Name header is required") } },
    });
    expect(
      validateModern({ headers: modernHeaders("resources/read", "fixture://item/2"), body }),
    ).toMatchObject({ ok: false, rejection: { error: { code: -32020 } } });
    expect(
      validateModern({ headers: modernHeaders("resources/read", b64("fixture://item/ü 1")), body }).ok,
    ).toBe(true);
  });

  it("refuses bodies that are not one JSON-RPC request", () => {
    expect(validateModern({ headers: {}, body: { id: 1, method: "x" } })).toMatchObject({
      ok: false,
      rejection: { error: { code: -32600 } },
    });
  });
});

describe("Mcp-Param headers (x-mcp-header)", () => {
  const schema = {
    type: "object",
    properties: {
      region: { type: "string", "x-mcp-header": "Region" },
      limit: { type: "integer", "x-mcp-header": "Limit" },
      nested: { type: "object", properties: { tenant: { type: "string", "x-mcp-header": "Tenant" } } },
      query: { type: "string" },
    },
  };

  it("finds annotations along properties chains", () => {
    expect(paramHeadersOf(schema)).toEqual([
      { name: "Region", path: ["region"] },
      { name: "Limit", path: ["limit"] },
      { name: "Tenant", path: ["nested", "tenant"] },
    ]);
  });

  it("accepts headers that match the arguments, numbers numerically and base64 decoded", () => {
    const headers = {
      "mcp-param-region": b64("Zürich"),
      "mcp-param-limit": "42.0",
      "mcp-param-tenant": "t1",
    };
    const args = { region: "Zürich", limit: 42, nested: { tenant: "t1" }, query: "q" };
    expect(checkParamHeaders(headers, paramHeadersOf(schema), args)).toBeUndefined();
    expect(checkParamHeaders({}, paramHeadersOf(schema), { query: "q" })).toBeUndefined();
  });

  it("reports a missing or different header", () => {
    const annotations = paramHeadersOf(schema);
    expect(checkParamHeaders({}, annotations, { region: "eu" })).toMatch(
      /Mcp-Param-Region header is required/,
    );
    expect(checkParamHeaders({ "mcp-param-region": "us" }, annotations, { region: "eu" })).toMatch(
      /does not match body value 'eu'/,
    );
    expect(checkParamHeaders({ "mcp-param-limit": "" }, annotations, { limit: 0 })).toMatch(/Limit/);
  });

  it("decodes only the exact sentinel", () => {
    expect(decodeHeaderValue(b64("a b"))).toBe("a b");
    expect(decodeHeaderValue("=?base64?nope")).toBe("=?base64?nope");
  });
});
