/**
 * A loopback reverse proxy that adds `Authorization: Bearer <token>` and forwards everything else untouched.
 * The conformance CLI (0.1.13) cannot send headers, and the hub must not be weakened to let it in, so the test
 * authenticates on the tool's behalf. Host and Origin are forwarded verbatim: the hub's DNS-rebinding guard
 * checks hostnames only (port-agnostic), so `127.0.0.1:<proxy port>` is accepted while the scenario's
 * `evil.example.com` still reaches the guard and is refused. Bodies stream both ways, so SSE works.
 */
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface AuthProxy {
  /** Base URL of the proxy, e.g. http://127.0.0.1:41234 (append the hub's path). */
  url: string;
  close(): Promise<void>;
}

// Hop-by-hop headers belong to one connection, not to the message (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
}

export async function startAuthProxy(options: { target: string; token: string }): Promise<AuthProxy> {
  const target = new URL(options.target);
  const server = createServer((req, res) => {
    const upstream = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...endToEnd(req.headers), authorization: `Bearer ${options.token}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        // SSE: send the headers now, not with the first event, so the client sees its stream open.
        res.flushHeaders();
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", (err) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`auth proxy: ${err.message}`);
    });
    // The client hung up (e.g. closed its SSE stream): hang up on the hub too, as the client would have.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
