import { parse as parseTolerant, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { z } from "zod";
import { InvalidState } from "../errors/index.js";

export type FieldIssue = { path: string; message: string };

/** `["servers", 2, "image"]` → `servers[2].image`; keys that are not identifiers are quoted: `clients["my app"]`. */
export function toFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: toFieldPath(issue.path), message: issue.message }));
}

/** 1-based line and column of a character offset, as editors show them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/**
 * JSON.parse, but a syntax error becomes InvalidState naming file, line and column. The position comes from
 * jsonc-parser because V8's message quotes the offending text, which for secrets.json would leak a value.
 */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (text.trim() === "") throw new InvalidState(file, [{ path: "", message: "the file is empty" }]);
    const errors: ParseError[] = [];
    parseTolerant(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    const first = errors[0];
    if (!first) throw new InvalidState(file, [{ path: "", message: "not valid JSON" }]);
    const { line, column } = lineColumn(text, first.offset);
    const reason = printParseErrorCode(first.error)
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase();
    throw new InvalidState(file, [
      { path: "", message: `JSON syntax error at line ${line}, column ${column}: ${reason}` },
    ]);
  }
}

/** Parse then validate; either failure is InvalidState listing every problem with its field path. */
export function parseValidJsonFile<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  const result = schema.safeParse(parseJsonFile(file, text));
  if (!result.success) throw new InvalidState(file, toFieldIssues(result.error));
  return result.data;
}
