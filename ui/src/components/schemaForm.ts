import { errorMessage, type JsonSchema } from "../api";

/** One input of the try-it form, derived from a property of the tool's input schema. */
export interface FormField {
  name: string;
  label: string;
  kind: "text" | "number" | "integer" | "boolean" | "enum" | "json";
  required: boolean;
  description?: string;
  options?: string[];
  initial: string;
}

/** The form for a tool: one field per top-level property; anything nested is edited as JSON. */
export function toFormFields(schema: JsonSchema | undefined): FormField[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, prop]) => {
    const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== "null") : prop.type;
    const base = {
      name,
      label: prop.title ?? name,
      required: required.has(name),
      description: prop.description,
    };
    if (prop.enum?.every((v) => typeof v === "string"))
      return { ...base, kind: "enum", options: prop.enum as string[], initial: asText(prop.default) };
    if (type === "string") return { ...base, kind: "text", initial: asText(prop.default) };
    if (type === "number" || type === "integer")
      return { ...base, kind: type, initial: asText(prop.default) };
    if (type === "boolean")
      return { ...base, kind: "boolean", initial: prop.default === true ? "true" : "false" };
    return {
      ...base,
      kind: "json",
      initial: prop.default === undefined ? "" : JSON.stringify(prop.default, null, 2),
    };
  });
}

function asText(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

export type ArgumentsResult =
  { ok: true; args: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Form values → tool arguments. Empty optional fields are left out, so the server's defaults apply. */
export function toArguments(fields: FormField[], values: Record<string, string>): ArgumentsResult {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? field.initial;
    if (field.kind === "boolean") {
      args[field.name] = raw === "true";
      continue;
    }
    if (raw.trim() === "") {
      if (field.required) errors[field.name] = "Required";
      continue;
    }
    if (field.kind === "number" || field.kind === "integer") {
      const n = Number(raw);
      if (!Number.isFinite(n) || (field.kind === "integer" && !Number.isInteger(n)))
        errors[field.name] = field.kind === "integer" ? "Enter a whole number" : "Enter a number";
      else args[field.name] = n;
    } else if (field.kind === "json") {
      try {
        args[field.name] = JSON.parse(raw);
      } catch (error) {
        errors[field.name] = `Not valid JSON: ${errorMessage(error)}`;
      }
    } else args[field.name] = raw;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, args };
}
