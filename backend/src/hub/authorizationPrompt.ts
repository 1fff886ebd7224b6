import { randomUUID } from "node:crypto";
import type { CallContext } from "./callPipeline.js";
import type { Fleet } from "./fleet.js";
import type { ClientSession } from "./session.js";

/** Whether a client can be handed a URL to open (MCP elicitation, URL mode). */
export function opensUrls(session: ClientSession): boolean {
  return Boolean(session.server.getClientCapabilities()?.elicitation?.url);
}

/**
 * A call to a server waiting for authorization, from a client that opens URLs: the hub sends it the server's
 * authorization page (URL-mode elicitation, on the call's own stream), waits within the call's timeout for the
 * server to come back, tells the client the elicitation is complete, and the call goes on. False when the user
 * declined or did not finish in time: the call then fails with the error that says how to authorize.
 */
export async function promptAuthorization(options: {
  session: ClientSession;
  fleet: Fleet;
  server: string;
  context: CallContext;
  timeoutMs: number;
}): Promise<boolean> {
  const { session, fleet, server, context, timeoutMs } = options;
  const page = await fleet.authorize(server);
  const elicitationId = randomUUID();
  // Listening before asking: a quick user can finish before the client answers the elicitation.
  const back = untilReady(fleet, server, timeoutMs, context.signal);
  const scopes = page.scopes.length ? ` for ${page.scopes.join(", ")}` : "";
  try {
    const answer = await session.server.elicitInput(
      {
        mode: "url",
        elicitationId,
        url: page.authorizationUrl,
        message: `"${server}" needs your authorization at ${page.authorizationServer}${scopes}. Sign in there; the call goes on once you have.`,
      },
      { signal: context.signal, relatedRequestId: context.requestId, timeout: timeoutMs },
    );
    if (answer.action !== "accept" || !(await back.ready)) return false;
  } finally {
    back.cancel();
  }
  await session.server
    .createElicitationCompletionNotifier(elicitationId, { relatedRequestId: context.requestId })()
    .catch(() => undefined);
  return true;
}

/** Resolves true when the server becomes ready, false at the timeout, on abort or on cancel(). */
function untilReady(
  fleet: Fleet,
  server: string,
  timeoutMs: number,
  signal: AbortSignal,
): { ready: Promise<boolean>; cancel: () => void } {
  let cancel = () => undefined as void;
  const ready = new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      fleet.off("ready", onReady);
      signal.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onReady = (name: string) => {
      if (name === server) done(true);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    fleet.on("ready", onReady);
    signal.addEventListener("abort", onAbort, { once: true });
    cancel = () => done(false);
  });
  return { ready, cancel };
}
