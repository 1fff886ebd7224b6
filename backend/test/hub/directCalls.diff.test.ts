/**
 * Differential test of DirectCalls (hub/directCalls.ts): a hub session's plain tools/call answered past its SDK
 * Server must send the client the same messages, in the same order, as the Server answering it — and hand the
 * hub's handler the same params, id and abort. Each scenario runs on a fresh session of a real Hub whose
 * tools.call is the scripted tool (it stands in for the downstream server), once with DirectCalls intercepting and once without.
 * No timeout scenario: DirectCalls has none of its own (the call timeout is relayRequests', tested there).
 */
import { describe, expect, it } from "vitest";
import { call, hubForFile, runSession, sessionScenarios, type Session, type Wiring } from "./sessionDiff.js";

const unit = hubForFile();

/** As transport/streamableHttp.ts wires a session's DirectCalls. */
const withDirectCalls: Wiring = (session, transport) => {
  const calls = session.directCalls((message, options) => transport.send(message, options))!;
  transport.intercept = (message) => calls.take(message);
  transport.onclose = () => calls.close();
};

const scenarios: [string, (session: Session) => Promise<void>][] = [
  ...sessionScenarios,
  [
    "a call without arguments",
    async ({ send }) => send({ id: 1, method: "tools/call", params: { name: "echo" } }),
  ],
  [
    "a call with _meta but no progress token",
    async ({ send }) => send(call(1, "echo", { _meta: { trace: "t" } })),
  ],
  [
    "a call whose _meta names a related task",
    async ({ send }) =>
      send(call(1, "echo", { _meta: { "io.modelcontextprotocol/related-task": { taskId: "t" } } })),
  ],
  ["params the SDK does not know", async ({ send }) => send(call(1, "echo", { unknown: { x: 1 } }))],
];

describe("a session's tools/call with DirectCalls and with its SDK Server", () => {
  it.each(scenarios)("sends the same messages: %s", async (_, scenario) => {
    const sdk = await runSession(unit.hub, () => undefined, scenario);
    const direct = await runSession(unit.hub, withDirectCalls, scenario);
    expect(direct).toEqual(sdk);
  });
});
