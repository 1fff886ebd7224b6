import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EXIT } from "../../src/cli/index.js";
import { freePort } from "../support/ports.js";
import { startTestHub, type TestHub } from "../hub/hubKit.js";
import {
  pushImage,
  pushSampleImages,
  startRegistryHub,
  type RegistryHub,
  type SampleImages,
} from "../support/registryHub.js";

const HEX12 = "[0-9a-f]{12}";
/** An image built a moment ago, as the CREATED column says it. */
const JUST_NOW = "(?:now|\\d+ seconds? ago|\\d+ minutes? ago)";

/**
 * `mcp-hub registry …` inside a hub container that keeps its own registry, against images pushed to it: tables for
 * people, the API's answers with --json, deletes that ask, refuse or need --force, and garbage collection.
 */
describe.skipIf(!inject("mcpHubTestDocker"))("mcp-hub registry commands against the hub's registry", () => {
  let hub: RegistryHub;
  let sample: SampleImages;

  beforeAll(async () => {
    hub = await startRegistryHub({ port: await freePort() });
    sample = await pushSampleImages(hub);
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  const ok = async (args: string[]) => {
    const res = await hub.cli(args);
    expect(res.code, `mcp-hub ${args.join(" ")}: ${res.stderr}`).toBe(EXIT.ok);
    return res.stdout;
  };
  const json = async <T>(args: string[]) => JSON.parse(await ok([...args, "--json"])) as T;

  it("status: the state and the port really in use, as a line and as the status object", async () => {
    const port = hub.registryPort;
    expect(await ok(["registry", "status"])).toBe(`registry running at 127.0.0.1:${port}\n`);
    expect(await json(["registry", "status"])).toEqual({ state: "running", port, wantedPort: port });
    expect(await ok(["status"])).toMatch(
      new RegExp(`^MCP Hub .* sessions\\nregistry running at 127\\.0\\.0\\.1:${port}\\n$`),
    );
  });

  it("ls and tags: a row per tag with a short digest, size, age, risk and users; --json is the API's answer", async () => {
    const lines = (await ok(["registry", "ls"])).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^REPOSITORY\s+TAG\s+DIGEST\s+SIZE\s+CREATED\s+RISK\s+USED BY$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(`^mcp/doomed\\s+2\\.0\\s+${short(sample.doomed)}\\s+3 MB\\s+${JUST_NOW}$`),
      ),
      expect.stringMatching(
        new RegExp(`^mcp/doomed\\s+stable\\s+${short(sample.doomed)}\\s+3 MB\\s+${JUST_NOW}$`),
      ),
      expect.stringMatching(
        new RegExp(`^mcp/kept\\s+1\\.0\\s+${short(sample.kept)}\\s+20\\d kB\\s+${JUST_NOW}\\s+medium$`),
      ),
    ]);
    expect(await json(["registry", "ls"])).toEqual((await hub.api("GET", "/registry")).body);

    const tags = (await ok(["registry", "tags", "mcp/doomed"])).trimEnd().split("\n");
    expect(tags[0]).toMatch(/^TAG\s+DIGEST\s+SIZE\s+CREATED\s+RISK\s+USED BY$/);
    expect(tags.slice(1).map((line) => line.split(/\s+/).slice(0, 2))).toEqual([
      ["2.0", short(sample.doomed)],
      ["stable", short(sample.doomed)],
    ]);
    expect(await json(["registry", "tags", "mcp/doomed"])).toEqual(
      (await hub.api("GET", "/registry/tags?repository=mcp/doomed")).body,
    );
  });

  it("inspect: the full digest, size in bytes, labels and every tag on the same digest", async () => {
    const text = await ok(["registry", "inspect", "mcp/kept:1.0"]);
    expect(text).toMatch(/^mcp\/kept:1\.0\n/);
    expect(text).toMatch(new RegExp(`^digest\\s+${sample.kept.digest}$`, "m"));
    expect(text).toMatch(/^size\s+20\d kB \(\d+ bytes\)$/m);
    expect(text).toMatch(/^used by\s+no server$/m);
    expect(text).toMatch(/^labels\s+mcp\.governance\.level=medium\n\s+mcp\.server=kept$/m);
    expect(await ok(["registry", "inspect", "mcp/doomed:stable"])).toMatch(
      /^same digest\s+2\.0, stable \(a delete removes them all\)$/m,
    );
    expect(await json(["registry", "inspect", "mcp/doomed:2.0"])).toEqual(
      (await hub.api("GET", "/registry/tag?repository=mcp/doomed&tag=2.0")).body,
    );
  });

  it.each([
    ["an unknown repository", EXIT.notFound, ["registry", "tags", "mcp/nope"], /mcp\/nope/],
    [
      "an unknown tag",
      EXIT.notFound,
      ["registry", "inspect", "mcp/kept:9.9"],
      /no tag "9\.9" in repository "mcp\/kept"/,
    ],
    ["an unknown tag to delete", EXIT.notFound, ["registry", "rm", "mcp/kept:9.9", "--yes"], /"9\.9"/],
    [
      "a reference without a tag",
      EXIT.usage,
      ["registry", "inspect", "mcp/kept"],
      /is not <repository>:<tag>/,
    ],
    [
      "a bad repository name",
      EXIT.usage,
      ["registry", "tags", "Bad//Name"],
      /^mcp-hub: repository "Bad\/\/Name": /,
    ],
    [
      "a hub that does not answer",
      EXIT.unreachable,
      ["--url", "http://127.0.0.1:1", "registry", "status"],
      /cannot reach the hub/,
    ],
  ])("on %s exits %i with one line", async (_what, code, args, message) => {
    const res = await hub.cli(args);
    expect(res.code, res.stdout + res.stderr).toBe(code);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("rm off a terminal without --yes names what would go, refuses with exit 2 and deletes nothing", async () => {
    const res = await hub.cli(["registry", "rm", "mcp/doomed:2.0"]);
    expect(res.code).toBe(EXIT.usage);
    expect(res.stderr).toContain(
      `deleting mcp/doomed:2.0 (${short(sample.doomed)}) deletes mcp/doomed:2.0, mcp/doomed:stable`,
    );
    expect(res.stderr).toContain("add --yes");
    expect(res.stdout).toBe("");
    expect((await hub.api("GET", "/registry/tag?repository=mcp/doomed&tag=stable")).status).toBe(200);
  });

  it("rm on a terminal asks: no keeps the tag, yes deletes it", async () => {
    await pushImage(hub.registryPort, "mcp/asked", "1");
    const no = await onTerminal(hub, ["registry", "rm", "mcp/asked:1"], "n");
    expect(no.code, no.output).toBe(EXIT.failed);
    expect(no.output).toMatch(/Delete it\? \[y\/N\] [^]*mcp-hub: nothing deleted/);
    expect(no.output).not.toContain("deleted mcp/asked");
    expect((await hub.api("GET", "/registry/tag?repository=mcp/asked&tag=1")).status).toBe(200);

    const yes = await onTerminal(hub, ["registry", "rm", "mcp/asked:1"], "y");
    expect(yes.code, yes.output).toBe(EXIT.ok);
    expect(yes.output).toMatch(/deleted mcp\/asked:1 \([0-9a-f]{12}\)/);
    expect((await hub.api("GET", "/registry/tag?repository=mcp/asked&tag=1")).status).toBe(404);
  });

  it("rm of an image a server uses needs --force as well, and says which server", async () => {
    await pushImage(hub.registryPort, "mcp/used", "1", { alsoAs: ["latest"] });
    const image = `127.0.0.1:${hub.registryPort}/mcp/used:latest`;
    expect((await hub.api("POST", "/servers", { name: "used-by", kind: "image", image })).status).toBe(201);

    const refused = await hub.cli(["registry", "rm", "mcp/used:1", "--yes"]);
    expect(refused.code, refused.stderr).toBe(EXIT.failed);
    expect(refused.stderr).toMatch(/running server\(s\) used-by: .*\(add --force\)$/m);
    expect((await hub.api("GET", "/registry/tag?repository=mcp/used&tag=1")).status).toBe(200);

    const forced = await ok(["registry", "rm", "mcp/used:latest", "--yes", "--force"]);
    expect(forced).toMatch(/^deleted mcp\/used:1, mcp\/used:latest \([0-9a-f]{12}\); `mcp-hub registry gc`/);
    expect((await hub.api("GET", "/registry/tag?repository=mcp/used&tag=1")).status).toBe(404);
    expect((await hub.api("DELETE", "/servers/used-by")).status).toBe(204);
  });

  it("rm --yes deletes every tag of the digest; gc shows its steps and the bytes it freed", async () => {
    const deleted = await json<{ digest: string; tags: string[] }>([
      "registry",
      "rm",
      "mcp/doomed:2.0",
      "--yes",
    ]);
    expect(deleted).toEqual({ digest: sample.doomed.digest, tags: ["2.0", "stable"] });
    expect(
      (await hub.api<{ repositories: { name: string }[] }>("GET", "/registry")).body.repositories,
    ).toEqual([expect.objectContaining({ name: "mcp/kept" })]);

    const lines = (await ok(["registry", "gc"])).trimEnd().split("\n");
    expect(lines.slice(0, -1)).toEqual([
      "stopping the registry …",
      expect.stringMatching(/^collecting garbage.* …$/),
      "starting the registry …",
    ]);
    const freed = /^freed ([\d.]+) MB \(the registry's storage: .* before, .* after\)$/.exec(lines.at(-1)!);
    expect(Number(freed?.[1]), lines.at(-1)).toBeGreaterThan(2.5);

    // Nothing left to free: the JSON result says so, and the registry is back.
    await hub.waitForRegistry();
    const again = await json<{ freedBytes: number; deletedUntagged: boolean }>(["registry", "gc"]);
    expect(again).toMatchObject({ deletedUntagged: true });
    expect(again.freedBytes).toBeLessThan(100_000);
    expect(await ok(["registry", "inspect", "mcp/kept:1.0"])).toContain(sample.kept.digest);
  });
});

describe.skipIf(!inject("mcpHubTestDocker"))(
  "mcp-hub registry commands on a hub that keeps no registry",
  () => {
    let hub: TestHub;

    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(async () => {
      await hub?.dispose();
    });

    it("says so in status, and ls and gc fail with the reason", async () => {
      const status = await hub.cli(["registry", "status", "--json"]);
      expect(status.code, status.stderr).toBe(EXIT.ok);
      expect(JSON.parse(status.stdout)).toEqual({ state: "disabled" });
      expect((await hub.cli(["status"])).stdout).toMatch(
        /\nregistry: none \(.*HUB_REGISTRY_IMAGE is not set\)\n$/,
      );
      for (const command of ["ls", "gc"]) {
        const res = await hub.cli(["registry", command]);
        expect(res.code, `registry ${command}: ${res.stderr}`).toBe(EXIT.failed);
        expect(res.stderr).toMatch(
          /^mcp-hub: the hub keeps no local registry here \(HUB_REGISTRY_IMAGE is not set\)$/m,
        );
      }
    });
  },
);

function short(image: { digest: string }): string {
  const hex = image.digest.replace(/^sha256:/, "").slice(0, 12);
  expect(hex).toMatch(new RegExp(`^${HEX12}$`));
  return hex;
}

/**
 * Runs the CLI in the hub container on a real terminal (`script` gives `docker exec -t` a pseudo-terminal) and
 * types `answer` once the y/N question shows. Output is the terminal's: stdout and stderr together.
 */
function onTerminal(
  hub: RegistryHub,
  args: string[],
  answer: string,
): Promise<{ code: number; output: string }> {
  const command = ["docker", "exec", "-it", hub.name, "mcp-hub", ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    let answered = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!answered && output.includes("[y/N]")) {
        answered = true;
        child.stdin.write(`${answer}\r`);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("error", reject);
    child.on("close", (code) => {
      child.stdin.destroy();
      resolve({ code: code ?? 1, output: output.replace(/\r/g, "") });
    });
  });
}
