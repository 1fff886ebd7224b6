import { describe, expect, it } from "vitest";
import { ServerNotFound, toHttpError } from "../../src/errors/index.js";

const withStatus = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

describe("toHttpError", () => {
  it("gives a hub error its own status, code and message", () => {
    const { status, body } = toHttpError(new ServerNotFound("ghost"));
    expect(status).toBe(404);
    expect(body.error).toBe("server_not_found");
    expect(body.message).toContain("ghost");
  });

  it("names the 4xx answers fastify's plugins raise by what they are", () => {
    expect(toHttpError(withStatus(429, "Rate limit exceeded, retry in 1 minute")).body).toEqual({
      error: "rate_limited",
      message: "Rate limit exceeded, retry in 1 minute",
    });
    expect(toHttpError(withStatus(413, "Request body is too large")).body.error).toBe("payload_too_large");
    expect(toHttpError(withStatus(400, "body must be object")).body.error).toBe("bad_request");
  });

  it("hides what an unexpected failure says", () => {
    expect(toHttpError(new Error("ENOENT /data/secret"))).toEqual({
      status: 500,
      body: { error: "internal", message: "Internal Server Error" },
    });
  });
});
