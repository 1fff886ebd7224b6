import { describe, expect, it } from "vitest";
import {
  builtinModuleSchema,
  secretNameSchema,
  serverConfigSchema,
  serverNameSchema,
  settingsPatchSchema,
} from "../src/index.js";

const accepts = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe("name rules", () => {
  it("server names: 1-32 of a-z, 0-9 and '-', not at either end", () => {
    for (const name of ["a", "fx", "my-server-2", "x".repeat(32)])
      expect(accepts(serverNameSchema, name)).toBe(true);
    for (const name of ["", "-a", "a-", "A", "a_b", "a.b", "x".repeat(33)])
      expect(accepts(serverNameSchema, name), name).toBe(false);
  });

  it("secret names: environment variable names, not __proto__", () => {
    for (const name of ["API_KEY", "_x", "a1"]) expect(accepts(secretNameSchema, name)).toBe(true);
    for (const name of ["1A", "A-B", "", "__proto__", "A".repeat(129)])
      expect(accepts(secretNameSchema, name), name).toBe(false);
  });

  it("builtin module ids: 1-32 of a-z, 0-9 and '-'", () => {
    expect(accepts(builtinModuleSchema, "registry")).toBe(true);
    for (const id of ["", "Registry", "a_b", "x".repeat(33)])
      expect(accepts(builtinModuleSchema, id), id).toBe(false);
  });
});

describe("server configs", () => {
  it("fills the defaults of each kind, builtin included", () => {
    expect(serverConfigSchema.parse({ kind: "builtin", name: "reg", module: "registry" })).toEqual({
      kind: "builtin",
      name: "reg",
      module: "registry",
      options: {},
      enabled: true,
      risk: "medium",
      audit: true,
    });
    expect(serverConfigSchema.parse({ kind: "image", name: "t", image: "mcp/time" })).toMatchObject({
      transport: "stdio",
      path: "/mcp",
      secrets: [],
      egress: false,
    });
  });

  it("applies the secret-name rule to image secrets and remote header secrets", () => {
    const image = serverConfigSchema.safeParse({ kind: "image", name: "t", image: "i", secrets: ["A-B"] });
    expect(image.error?.issues[0]?.path).toEqual(["secrets", 0]);
    const remote = serverConfigSchema.safeParse({
      kind: "remote",
      name: "r",
      url: "https://example.com/mcp",
      headerSecrets: { authorization: "not a name" },
    });
    expect(remote.error?.issues[0]?.path).toEqual(["headerSecrets", "authorization"]);
  });

  it("needs the container port of an http image server", () => {
    const result = serverConfigSchema.safeParse({ kind: "image", name: "h", image: "i", transport: "http" });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["port"], message: "an http server needs its container port" }),
    ]);
  });
});

describe("remote OAuth", () => {
  const metadataUrlIssues = (clientMetadataUrl: string) =>
    serverConfigSchema.safeParse({
      kind: "remote",
      name: "r",
      url: "https://example.com/mcp",
      oauth: { clientMetadataUrl },
    }).error?.issues;

  it("takes a client metadata document only at an HTTPS URL with a path, saying what to fix", () => {
    expect(metadataUrlIssues("https://hub.example.com/mcp-hub.json")).toBeUndefined();
    for (const url of [
      "http://hub.example.com/mcp-hub.json",
      "ftp://hub.example.com/mcp-hub.json",
      "not a url",
    ])
      expect(metadataUrlIssues(url), url).toEqual([
        expect.objectContaining({
          path: ["oauth", "clientMetadataUrl"],
          message: "a client metadata document URL must be HTTPS (https://example.com/mcp-hub.json)",
        }),
      ]);
    expect(metadataUrlIssues("https://hub.example.com/")).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/needs a path/) }),
    ]);
  });
});

describe("settings patch", () => {
  it("leaves out what the caller left out (no defaults), takes a registry port or null, refuses the rest", () => {
    expect(settingsPatchSchema.parse({ readOnly: true })).toEqual({ readOnly: true });
    expect(settingsPatchSchema.parse({ registryPort: 5001 })).toEqual({ registryPort: 5001 });
    expect(settingsPatchSchema.parse({ registryPort: null })).toEqual({ registryPort: null });
    expect(settingsPatchSchema.safeParse({ hubPort: 4000 }).success).toBe(false);
  });
});
