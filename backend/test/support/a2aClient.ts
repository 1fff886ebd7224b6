/**
 * A2A clients of @a2a-js/sdk for tests and the bench: one that reads an agent's card and talks 1.0 (the SDK's own
 * choice), and one that talks 0.3 to an endpoint, both sending a bearer token on every request.
 */
import {
  Client,
  ClientFactory,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  type Client as A2AClient,
} from "@a2a-js/sdk/client";
import { LegacyJsonRpcTransport } from "@a2a-js/sdk/compat/v0_3/client";
import { Role, TaskState, type AgentCard, type SendMessageRequest, type StreamResponse } from "@a2a-js/sdk";
import { randomUUID } from "node:crypto";

export function withToken(token: string | undefined): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}

/** Reads the card under `base` (…/.well-known/agent-card.json) and connects as the SDK chooses. */
export async function connectA2A(base: string, token?: string): Promise<A2AClient> {
  const fetchImpl = withToken(token);
  const legacyCompat = { enabled: true };
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
  });
  return factory.createFromUrl(base.endsWith("/") ? base : `${base}/`);
}

/**
 * Reads the card under `endpoint` and talks to that very endpoint, whatever URL the card names (a card inside a
 * container usually names localhost).
 */
export async function connectA2AAt(endpoint: string, token?: string): Promise<A2AClient> {
  const fetchImpl = withToken(token);
  const legacyCompat = { enabled: true };
  const base = endpoint.endsWith("/") ? endpoint : `${endpoint}/`; // the card is under the endpoint, not beside it
  const card = await new DefaultAgentCardResolver({ fetchImpl, legacyCompat }).resolve(base);
  const supportedInterfaces = card.supportedInterfaces.map((iface) => ({ ...iface, url: endpoint }));
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat })],
  });
  return factory.createFromAgentCard({ ...card, supportedInterfaces });
}

/** A client that speaks A2A 0.3 (message/send, tasks/get …) to this JSON-RPC endpoint. */
export function connectA2A03(endpoint: string, card: AgentCard, token?: string): A2AClient {
  return new Client(new LegacyJsonRpcTransport({ endpoint, fetchImpl: withToken(token) }), card);
}

/** A SendMessage request with one text part, continuing a task when given its ids. */
export function textRequest(
  text: string,
  ids: { taskId?: string; contextId?: string } = {},
): SendMessageRequest {
  return {
    tenant: "",
    message: {
      messageId: randomUUID(),
      contextId: ids.contextId ?? "",
      taskId: ids.taskId ?? "",
      role: Role.ROLE_USER,
      parts: [
        {
          content: { $case: "text", value: text },
          metadata: undefined,
          filename: "",
          mediaType: "text/plain",
        },
      ],
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: undefined,
    metadata: undefined,
  };
}

/** Starts the fixture's endless "slow" task on a stream: its id, and the stream (to follow, or to leave). */
export async function startSlowTask(client: A2AClient) {
  const stream = client.sendMessageStream(textRequest("slow"));
  const first = (await stream.next()).value as StreamResponse | undefined;
  const taskId = first?.payload?.$case === "task" ? first.payload.value.id : "";
  return { taskId, stream };
}

/**
 * The four calls of A2A a caller makes, to the fixture agent: send (echo), stream (`steps` steps), get the sent
 * task, cancel the slow task. What each ended in, for a test to compare.
 */
export async function sendStreamGetCancel(client: A2AClient, steps: number) {
  const sent = await client.sendMessage(textRequest("echo round trip"));
  const events: StreamResponse[] = [];
  for await (const event of client.sendMessageStream(textRequest(`stream ${steps}`))) events.push(event);
  const last = events.at(-1)?.payload;
  const got = await client.getTask({ tenant: "", id: "id" in sent ? sent.id : "" });
  const slow = await startSlowTask(client);
  const cancelled = await client.cancelTask({ tenant: "", id: slow.taskId, metadata: undefined });
  await slow.stream.return(undefined);
  return {
    sent: "status" in sent ? sent.status?.state : undefined,
    artifacts: events.filter((e) => e.payload?.$case === "artifactUpdate").length,
    streamEnded: last?.$case === "statusUpdate" ? last.value.status?.state : undefined,
    got: got.status?.state,
    cancelled: cancelled.status?.state,
  };
}

/** What sendStreamGetCancel answers when everything went through. */
export const ROUND_TRIP_DONE = (steps: number) => ({
  sent: TaskState.TASK_STATE_COMPLETED,
  artifacts: steps,
  streamEnded: TaskState.TASK_STATE_COMPLETED,
  got: TaskState.TASK_STATE_COMPLETED,
  cancelled: TaskState.TASK_STATE_CANCELED,
});
