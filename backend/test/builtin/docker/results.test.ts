import { describe, expect, it } from "vitest";
import { redactEnvList, redactInspect } from "../../../src/builtin/docker/redact.js";
import { dockerError, MAX_RESULT_CHARS, toResult } from "../../../src/builtin/docker/results.js";
import { dangersOf } from "../../../src/builtin/docker/safety.js";
import { durationNs, sizeBytes } from "../../../src/builtin/docker/units.js";

describe("docker tools: answers", () => {
  it("carries structuredContent and a text with the same data", () => {
    const result = toResult({ summary: "2 things", data: { things: [1, 2] } });
    expect(result.structuredContent).toEqual({ things: [1, 2] });
    expect(result.content).toEqual([{ type: "text", text: '2 things\n{"things":[1,2]}' }]);
  });

  it("cuts a long list to fit the cap and says what was cut and how to ask for less", () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({
      id: i,
      name: `container-${i}`,
      image: "nginx:1.27-alpine",
    }));
    const result = toResult({
      summary: "5000 containers",
      data: { containers: items },
      narrow: "filter with name",
    });
    const text = (result.content[0] as { text: string }).text;
    expect(text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const data = result.structuredContent as {
      containers: unknown[];
      truncated: { note: string; narrow: string };
    };
    expect(data.containers.length).toBeGreaterThan(100);
    expect(data.containers.length).toBeLessThan(5000);
    expect(data.truncated.note).toMatch(new RegExp(`showing ${data.containers.length} of 5000 containers`));
    expect(data.truncated.narrow).toBe("filter with name");
  });

  it("keeps the end of a long output, where the news is", () => {
    const stdout = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join("\n");
    const result = toResult({ summary: "logs", data: { stdout, stderr: "" } });
    const data = result.structuredContent as { stdout: string; truncated: { note: string } };
    expect((result.content[0] as { text: string }).text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(data.stdout.endsWith("line 19999")).toBe(true);
    expect(data.truncated.note).toMatch(/stdout: kept the last \d+ of \d+ characters/);
  });

  it("turns a Docker error into an isError result with Docker's message and a hint", () => {
    const error = Object.assign(new Error("(HTTP code 409) unexpected - Conflict"), {
      statusCode: 409,
      json: { message: 'Conflict. The container name "/web" is already in use' },
    });
    expect(dockerError(error)).toEqual({
      isError: true,
      content: [
        {
          type: "text",
          text: expect.stringMatching(
            /^Docker: Conflict\. The container name "\/web" is already in use\nHint: .*name in use/,
          ),
        },
      ],
    });
  });

  it("redacts secret-looking environment values by name and by shape", () => {
    expect(
      redactEnvList([
        "POSTGRES_PASSWORD=pw",
        "GITHUB_TOKEN=x",
        "PATH=/usr/bin",
        "DATABASE_URL=postgres://app:pw@db:5432/app",
        "KEY_FILE=/run/secrets/key",
        "X=ghp_0123456789abcdefghijklmnop",
      ]),
    ).toEqual([
      "POSTGRES_PASSWORD=[redacted]",
      "GITHUB_TOKEN=[redacted]",
      "PATH=/usr/bin",
      "DATABASE_URL=postgres://app:[redacted]@db:5432/app",
      "KEY_FILE=/run/secrets/key",
      "X=[redacted]",
    ]);
    expect(redactInspect({ Id: "x", Config: { Env: ["API_KEY=1"], Image: "i" } })).toEqual({
      Id: "x",
      Config: { Env: ["API_KEY=[redacted]"], Image: "i" },
    });
  });

  it("names every way a container could get the host", () => {
    expect(
      dangersOf(
        {
          privileged: true,
          networkMode: "host",
          pidMode: "host",
          capAdd: ["SYS_ADMIN", "NET_BIND_SERVICE"],
          hostPaths: ["/var/run/docker.sock", "/var/run", "/srv/data/app", "/srv/data2", "/home/me/docker"],
        },
        ["/srv/data"],
      ),
    ).toEqual([
      "privileged mode",
      "the host's network namespace",
      "the host's PID namespace",
      "capability SYS_ADMIN",
      "the Docker socket (/var/run/docker.sock)",
      "the Docker socket (/var/run)",
      "host path /srv/data2 (not under an allowed host path)",
      "host path /home/me/docker (not under an allowed host path)",
    ]);
  });

  it("reads Compose's durations and sizes", () => {
    expect(durationNs("1m30s")).toBe(90e9);
    expect(durationNs("250ms")).toBe(250e6);
    expect(durationNs(2)).toBe(2e9);
    expect(() => durationNs("soon")).toThrow(/not a duration/);
    expect(sizeBytes("512m")).toBe(512 * 1024 ** 2);
    expect(sizeBytes("1.5GiB")).toBe(1.5 * 1024 ** 3);
    expect(() => sizeBytes("lots")).toThrow(/not a size/);
  });
});
