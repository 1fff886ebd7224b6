/**
 * Differential test of how hub/session.ts registers tools/call: with `Protocol.prototype.setRequestHandler`, past
 * the SDK Server's `setRequestHandler` override. For every other method the override adds nothing (it delegates to
 * Protocol's), and the session registers those the ordinary way, so tools/call is the one method to compare. The
 * override parses the request a second time against CallToolRequestSchema, then checks the handler's result —
 * against CreateTaskResultSchema for a task-augmented call, else CallToolResultSchema — and sends zod's parsed copy.
 *
 * Each scenario runs on a fresh session of a real Hub (sessionDiff.ts) as session.ts builds it, and once more with
 * its tools/call handler registered again through the override: the messages sent and what the handler saw must be
 * the same. The one intended difference — a result the override would reject or rewrite goes out as the handler
 * returned it, since the relay leaves checking it to the calling client (ADR 0002) — is asserted on its own.
 */
import { CallToolRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { call, hubForFile, runSession, sessionScenarios, type Session, type Wiring } from "./sessionDiff.js";

const unit = hubForFile();

/** session.ts as it would be without the bypass: the same handler, registered through Server's override. */
const throughServerOverride: Wiring = (session) => {
  session.server.removeRequestHandler("tools/call");
  session.server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    unit.hub.tools.call(session, request.params, extra),
  );
};
const asSessionBuildsIt: Wiring = () => undefined;

const scenarios: [string, (session: Session) => Promise<void>][] = [
  ...sessionScenarios,
  [
    "progress notifications for the caller's token",
    async ({ send }) => send(call(1, "progress", { _meta: { progressToken: "p" } })),
  ],
  [
    // SessionTransport refuses a closed session's POSTs itself; a transport that delivers one all the same gets
    // the handler run and nothing sent, either way.
    "a call reaching the session after it closed",
    async ({ transport, send }) => {
      await transport.close();
      send(call(1, "echo"));
    },
  ],
  [
    "a task-augmented call (the hub offers no tasks, so the SDK refuses it before either handler)",
    async ({ send }) => send(call(1, "echo", { task: { ttl: 60_000 } })),
  ],
];

describe("a session's tools/call registered past the SDK Server's override and through it", () => {
  it.each(scenarios)("sends the same messages: %s", async (_, scenario) => {
    const sdk = await runSession(unit.hub, throughServerOverride, scenario);
    const hubPath = await runSession(unit.hub, asSessionBuildsIt, scenario);
    expect(hubPath).toEqual(sdk);
  });

  /** Results a downstream server may send that the override would not pass on as they are, with what it sends. */
  const unchecked: [string, unknown, Record<string, unknown>][] = [
    [
      "a content block type this SDK does not know (a newer server's)",
      { content: [{ type: "widget", id: "w1" }] },
      {
        error: {
          code: -32602,
          message: expect.stringMatching(/^MCP error -32602: Invalid tools\/call result/),
        },
      },
    ],
    [
      "a field a content block does not declare",
      { content: [{ type: "text", text: "hi", lang: "en" }] },
      { result: { content: [{ type: "text", text: "hi" }] } },
    ],
    ["no content", { structuredContent: { n: 1 } }, { result: { content: [], structuredContent: { n: 1 } } }],
    [
      "fields in an order of the server's own",
      { isError: true, content: [{ type: "text", text: "no" }] },
      { result: { content: [{ type: "text", text: "no" }], isError: true } },
    ],
  ];

  it.each(unchecked)(
    "passes a result on as the handler returned it, which the override would not: %s",
    async (_, result, overrideAnswer) => {
      const scenario = async ({ send }: Session) => send(call(1, "return", { arguments: { result } }));
      const answerOf = async (wire: Wiring) => {
        const { sent } = await runSession(unit.hub, wire, scenario);
        return sent.map(({ message }) => message).find((m) => "id" in m && m.id === 1)!;
      };
      const sdk = await answerOf(throughServerOverride);
      const hubPath = await answerOf(asSessionBuildsIt);
      expect(sdk).toEqual({ jsonrpc: "2.0", id: 1, ...overrideAnswer });
      // Byte for byte: the same fields, in the same order.
      expect(JSON.stringify((hubPath as { result?: CallToolResult }).result)).toBe(JSON.stringify(result));
      expect(JSON.stringify(sdk)).not.toBe(JSON.stringify(hubPath));
    },
  );
});
