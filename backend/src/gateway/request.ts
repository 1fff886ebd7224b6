import type { IncomingMessage } from "node:http";
import { RPC, rpcError, toRpcCall, type RpcCall } from "./rpc.js";

/** As on /mcp: A2A messages may carry files. */
export const GATEWAY_BODY_LIMIT = 8 * 1024 * 1024;

/** A request the gateway answers itself: the status, the JSON-RPC error, and what the audit says of it. */
export interface Refusal {
  status: number;
  error: ReturnType<typeof rpcError>;
  headers?: Record<string, string>;
  outcome: "error" | "denied";
  reason: string;
}

/**
 * Reads a POST to an agent: a JSON body within the limit that is one of A2A's JSON-RPC requests. Anything else is
 * refused with the JSON-RPC error that says what is wrong (and nothing of it reaches the agent).
 */
export async function readCall(
  req: IncomingMessage,
): Promise<{ call: RpcCall; body: Buffer } | { refusal: Refusal }> {
  const type = req.headers["content-type"] ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    req.resume();
    const message = `Content-Type must be application/json, not "${type}"`;
    return refuse(415, rpcError(null, RPC.contentTypeNotSupported, message), "unsupported content type");
  }
  const body = await readBody(req);
  if (!body) {
    const message = `the body is over ${GATEWAY_BODY_LIMIT / 1024 / 1024} MiB`;
    return {
      refusal: {
        ...refused(413, rpcError(null, RPC.invalidRequest, message, "body_too_large"), "body too large"),
        headers: { connection: "close" },
      },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return refuse(
      400,
      rpcError(null, RPC.parseError, "Parse error: the body is not valid JSON"),
      "parse error",
    );
  }
  const checked = toRpcCall(json);
  if ("error" in checked) {
    const denied = checked.error.error.code === RPC.unsupportedOperation;
    return {
      refusal: {
        ...refused(checked.status, checked.error, checked.error.error.message),
        outcome: denied ? "denied" : "error",
      },
    };
  }
  return { call: checked.call, body };
}

function refused(status: number, error: Refusal["error"], reason: string): Refusal {
  return { status, error, outcome: "error", reason };
}

const refuse = (status: number, error: Refusal["error"], reason: string) => ({
  refusal: refused(status, error, reason),
});

/** The body, or undefined when it is over the limit (the rest is not read). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    if (Number(req.headers["content-length"] ?? 0) > GATEWAY_BODY_LIMIT) return resolve(undefined);
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_BODY_LIMIT) {
        req.removeAllListeners("data");
        req.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
