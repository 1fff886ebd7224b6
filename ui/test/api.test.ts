import { describe, expect, it } from "vitest";
import { api, ApiError, getToken, takeTokenFromUrl, tokenRejected } from "../src/api";
import { readEventStream } from "../src/api/http";
import { fakeHub, HttpFailure, sseResponse } from "./fakeHub";

const status = {
  version: "1.0.0",
  startedAt: "",
  uptimeSeconds: 5,
  servers: { total: 0, ready: 0 },
  tools: 0,
  sessions: 0,
};

describe("api inside Docker Desktop", () => {
  it("goes through ddClient.extension.vm.service, never fetch", async () => {
    const hub = fakeHub({ "GET /api/status": () => status });
    hub.installDesktop();
    expect(await api.status()).toEqual(status);
    expect(hub.calls).toEqual([{ method: "GET", path: "/api/status", body: undefined }]);
  });

  it("turns a ServiceError into an ApiError with the hub's status, code and message", async () => {
    const hub = fakeHub({
      "GET /api/servers": () => {
        throw new HttpFailure(503, { error: "downstream_unavailable", message: "engine down" });
      },
    });
    hub.installDesktop();
    const error = await api.servers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: "downstream_unavailable", message: "engine down" });
  });

  describe("client config files go through the host helper, as the user", () => {
    const install = (
      exec: (name: string, args: string[]) => Promise<{ stdout: string }>,
      platform = "darwin",
    ) => {
      const calls: { name: string; args: string[] }[] = [];
      (window as { ddClient?: unknown }).ddClient = {
        host: { platform },
        extension: {
          vm: { service: { get: () => Promise.reject(new Error("the VM cannot see the user's files")) } },
          host: {
            cli: {
              exec: (name: string, args: string[]) => {
                calls.push({ name, args });
                return exec(name, args);
              },
            },
          },
        },
      };
      return calls;
    };

    it("lists clients with `mcp-hub-host ls --json`", async () => {
      const statuses = [{ client: "claude-desktop", status: "not-configured" }];
      const calls = install(async () => ({ stdout: JSON.stringify(statuses) }));
      expect(await api.clients()).toEqual(statuses);
      expect(calls).toEqual([{ name: "mcp-hub-host", args: ["ls", "--json"] }]);
    });

    it("connects with simple words only, and uses the .cmd helper on Windows", async () => {
      const calls = install(async () => ({ stdout: JSON.stringify({ status: "written" }) }), "win32");
      expect(await api.clientAction("claude-desktop", "connect")).toEqual({ status: "written" });
      expect(calls).toEqual([{ name: "mcp-hub-host.cmd", args: ["connect", "claude-desktop", "--json"] }]);
      await expect(api.clientAction("../etc", "connect")).rejects.toMatchObject({ status: 400 });
      expect(calls).toHaveLength(1);
    });

    it("turns the helper's failure into an ApiError with its own message", async () => {
      install(() =>
        Promise.reject({ code: 1, stderr: "mcp-hub: ~/x.json line 3, column 5: unexpected token\n" }),
      );
      await expect(api.clientAction("vscode", "connect")).rejects.toMatchObject({
        status: 500,
        message: "~/x.json line 3, column 5: unexpected token",
      });
    });
  });

  it("reports an unreachable backend (no status code) as status 0", async () => {
    (window as { ddClient?: unknown }).ddClient = {
      extension: {
        vm: {
          service: { get: async () => Promise.reject({ message: "connect ECONNREFUSED 127.0.0.1:80" }) },
        },
      },
    };
    await expect(api.status()).rejects.toMatchObject({ status: 0, unreachable: true });
  });

  it("collects try-it progress from the single response (the socket cannot stream)", async () => {
    const outcome = {
      outcome: "ok",
      result: { content: [{ type: "text", text: "hi" }] },
      progress: [{ progress: 1, total: 2 }],
      latencyMs: 3,
    };
    const hub = fakeHub({ "POST /api/servers/fx/tools/echo/call": () => outcome });
    hub.installDesktop();
    const seen: unknown[] = [];
    expect(
      await api.callTool({
        server: "fx",
        tool: "echo",
        args: { text: "hi" },
        onProgress: (p) => seen.push(p),
      }),
    ).toEqual(outcome);
    expect(seen).toEqual([{ progress: 1, total: 2 }]);
    expect(hub.calls[0]?.body).toEqual({ arguments: { text: "hi" } });
  });
});

describe("api on the standalone dashboard", () => {
  it("takes the token from the URL into sessionStorage and removes it from the URL", () => {
    window.history.replaceState(null, "", "/#token=s3cr%2Bt");
    takeTokenFromUrl();
    expect(getToken()).toBe("s3cr+t");
    expect(window.location.hash).toBe("#/");
  });

  it("sends the bearer token with same-origin fetch", async () => {
    const hub = fakeHub({ "GET /api/status": () => status });
    const fetchMock = hub.installStandalone("tok");
    sessionStorage.setItem("mcp-hub.token", "tok");
    expect(await api.status()).toEqual(status);
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/status",
      expect.objectContaining({ headers: expect.objectContaining({ authorization: "Bearer tok" }) }),
    );
  });

  it("forgets a token the hub refuses, so the prompt asks again", async () => {
    fakeHub({ "GET /api/status": () => status }).installStandalone("right");
    sessionStorage.setItem("mcp-hub.token", "wrong");
    await expect(api.status()).rejects.toMatchObject({ status: 401 });
    expect(getToken()).toBeNull();
    expect(tokenRejected()).toBe(true);
  });

  it("streams try-it progress as SSE and returns the result event", async () => {
    const outcome = { outcome: "ok", result: { content: [] }, progress: [], latencyMs: 9 };
    const hub = fakeHub({
      "POST /api/servers/fx/tools/progress/call": () =>
        sseResponse([
          { event: "progress", data: { progress: 1, total: 2 } },
          { event: "progress", data: { progress: 2, total: 2 } },
          { event: "result", data: outcome },
        ]),
    });
    hub.installStandalone("tok");
    sessionStorage.setItem("mcp-hub.token", "tok");
    const seen: unknown[] = [];
    expect(
      await api.callTool({ server: "fx", tool: "progress", args: {}, onProgress: (p) => seen.push(p) }),
    ).toEqual(outcome);
    expect(seen).toEqual([
      { progress: 1, total: 2 },
      { progress: 2, total: 2 },
    ]);
    expect(hub.calls[0]?.headers?.accept).toBe("text/event-stream");
  });

  it("keeps the dashboard signed in after rotating the token", async () => {
    fakeHub({ "POST /api/token/rotate": () => ({ token: "new" }) }).installStandalone("old");
    sessionStorage.setItem("mcp-hub.token", "old");
    expect(await api.rotateToken()).toBe("new");
    expect(getToken()).toBe("new");
  });
});

describe("readEventStream", () => {
  /** An event stream that arrives in exactly these pieces, as a network may cut it. */
  const chunked = (chunks: string[]) =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      { status: 200, headers: { "content-type": "text/event-stream" } },
    );

  it("reads events cut across chunks, skips comments, joins multi-line data and takes CRLF lines", async () => {
    fakeHub({
      "GET /api/stream": () =>
        chunked([
          'event: progress\ndata: {"progress":1,',
          '"total":2}\n',
          "\n: heartbeat\n\nevent: note\ndata: first line\n",
          "data: second line\n\n",
          'event: crlf\r\ndata: {"n":3}\r\n\r\ndata: unnamed\n\n',
          "event: cut\ndata: never finished",
        ]),
    }).installStandalone("tok");
    sessionStorage.setItem("mcp-hub.token", "tok");
    const seen: [string, unknown][] = [];
    await readEventStream("/api/stream", {}, (event, data) => seen.push([event, data]));
    expect(seen).toEqual([
      ["progress", { progress: 1, total: 2 }],
      ["note", "first line\nsecond line"],
      ["crlf", { n: 3 }],
      ["message", "unnamed"],
    ]);
  });
});
