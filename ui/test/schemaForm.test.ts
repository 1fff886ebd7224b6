import { describe, expect, it } from "vitest";
import { toArguments, toFormFields } from "../src/components/schemaForm";

const schema = {
  type: "object",
  properties: {
    text: { type: "string", description: "What to echo" },
    count: { type: "integer", minimum: 1 },
    loud: { type: "boolean" },
    level: { type: "string", enum: ["info", "error"] },
    meta: { type: "object" },
  },
  required: ["text", "count"],
};

describe("try-it form from a tool's input schema", () => {
  it("makes one field per property, of the matching kind", () => {
    expect(toFormFields(schema).map((f) => [f.name, f.kind, f.required])).toEqual([
      ["text", "text", true],
      ["count", "integer", true],
      ["loud", "boolean", false],
      ["level", "enum", false],
      ["meta", "json", false],
    ]);
  });

  it("converts values to typed arguments and leaves empty optional fields out", () => {
    const fields = toFormFields(schema);
    expect(toArguments(fields, { text: "hi", count: "3", loud: "true", meta: '{"a":1}' })).toEqual({
      ok: true,
      args: { text: "hi", count: 3, loud: true, meta: { a: 1 } },
    });
  });

  it("reports missing required fields, bad numbers and bad JSON per field", () => {
    const result = toArguments(toFormFields(schema), { count: "1.5", meta: "{" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.text).toBe("Required");
      expect(result.errors.count).toBe("Enter a whole number");
      expect(result.errors.meta).toMatch(/^Not valid JSON/);
    }
  });
});
