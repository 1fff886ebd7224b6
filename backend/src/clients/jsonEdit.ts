import { findNodeAtLocation, type JSONPath, type Node } from "jsonc-parser";
import type { Json } from "./types.js";

/**
 * Text edits that touch only the lines of the value they add or remove. jsonc-parser's `modify` re-formats the
 * whole lines around an edit (a compact neighbour `{"a":1}` gets expanded) and its raw removal swallows comments
 * between siblings, so we place text ourselves: insertion and removal here are exact inverses of each other.
 */

export interface Style {
  /** One level of indentation: a tab or N spaces. */
  unit: string;
  eol: string;
}

function lineStart(text: string, offset: number): number {
  const nl = text.lastIndexOf("\n", offset - 1);
  return nl + 1;
}

function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? "";
}

/** Position of the next character that is neither whitespace nor part of a comment. */
function skipTrivia(text: string, pos: number, stopAtNewline = false): number {
  let i = pos;
  while (i < text.length) {
    const c = text[i];
    if (c === "\n" && stopAtNewline) return i;
    if (c === " " || c === "\t" || c === "\r" || c === "\n") i++;
    else if (text.startsWith("//", i)) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return i;
  }
  return i;
}

function pretty(value: Json, indent: string | null, style: Style): string {
  if (indent === null) return JSON.stringify(value);
  return JSON.stringify(value, null, style.unit)
    .split("\n")
    .join(style.eol + indent);
}

function isSingleLine(text: string, node: Node): boolean {
  return !text.slice(node.offset, node.offset + node.length).includes("\n");
}

/** Node of a member: the property node for object members (covers key and value), the value for array items. */
function memberNode(valueNode: Node): Node {
  return valueNode.parent?.type === "property" ? valueNode.parent : valueNode;
}

/** `member(indent)` renders the new member; indent null means compact, for one-line containers. */
function insertMember(
  text: string,
  container: Node,
  member: (indent: string | null) => string,
  style: Style,
): string {
  const open = container.offset;
  const close = container.offset + container.length - 1;
  const children = container.children ?? [];
  const last = children[children.length - 1];
  const parentIndent = indentAt(text, open);
  if (!last) {
    const childIndent = parentIndent + style.unit;
    const inner = text.slice(open + 1, close);
    if (inner.trim() === "") {
      return (
        text.slice(0, open + 1) +
        style.eol +
        childIndent +
        member(childIndent) +
        style.eol +
        parentIndent +
        text.slice(close)
      );
    }
    return text.slice(0, open + 1) + style.eol + childIndent + member(childIndent) + text.slice(open + 1);
  }
  const lastEnd = last.offset + last.length;
  const next = skipTrivia(text, lastEnd);
  const trailingComma = text[next] === ",";
  if (isSingleLine(text, container)) {
    if (trailingComma) return text.slice(0, next + 1) + ` ${member(null)},` + text.slice(next + 1);
    return text.slice(0, lastEnd) + `, ${member(null)}` + text.slice(lastEnd);
  }
  const first = children[0] as Node;
  const childIndent =
    lineStart(text, first.offset) > lineStart(text, open)
      ? indentAt(text, first.offset)
      : parentIndent + style.unit;
  // New member goes on its own line after the last member's line, keeping that line's comment where it is.
  const afterLast = trailingComma ? next + 1 : lastEnd;
  const lineEnd = skipTrivia(text, afterLast, true);
  const eolAt =
    text[lineEnd] === "\n" ? (text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd) : Math.min(lineEnd, close);
  const lineTail = text.slice(afterLast, eolAt);
  const ours = style.eol + childIndent + member(childIndent) + (trailingComma ? "," : "");
  return (
    text.slice(0, lastEnd) +
    (trailingComma ? text.slice(lastEnd, afterLast) : ",") +
    lineTail +
    ours +
    text.slice(eolAt)
  );
}

/** Sets `value` at `path`, creating missing objects along it; `append` adds to the array at `path` instead. */
export function setValue(
  text: string,
  root: Node | undefined,
  path: JSONPath,
  value: Json,
  style: Style,
): string {
  if (!root) return pretty(nest(path, value), "", style) + style.eol;
  const existing = findNodeAtLocation(root, path);
  if (existing) {
    const member = memberNode(existing);
    const indent = indentAt(text, member.offset);
    const container = member.parent;
    const rendered =
      container && isSingleLine(text, container) ? JSON.stringify(value) : pretty(value, indent, style);
    return text.slice(0, existing.offset) + rendered + text.slice(existing.offset + existing.length);
  }
  // Deepest existing object on the path; the rest is nested into the value we insert there.
  let depth = path.length - 1;
  let parent: Node | undefined;
  while (depth >= 0) {
    parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth));
    if (parent) break;
    depth--;
  }
  if (!parent || parent.type !== "object")
    throw new Error(`cannot set ${path.join(".")}: parent is not an object`);
  const key = String(path[depth]);
  const rest = nest(path.slice(depth + 1), value);
  return insertMember(
    text,
    parent,
    (indent) => `${JSON.stringify(key)}: ${pretty(rest, indent, style)}`,
    style,
  );
}

export function appendItem(text: string, root: Node, path: JSONPath, value: Json, style: Style): string {
  const array = findNodeAtLocation(root, path);
  if (!array || array.type !== "array") throw new Error(`${path.join(".")} is not an array`);
  return insertMember(text, array, (indent) => pretty(value, indent, style), style);
}

function nest(path: JSONPath, value: Json): Json {
  return path.reduceRight<Json>((inner, key) => ({ [String(key)]: inner }), value);
}

/** Removes the member at `path` (object property or array item); the exact inverse of insertMember. */
export function removeValue(text: string, root: Node, path: JSONPath): string {
  const valueNode = findNodeAtLocation(root, path);
  if (!valueNode) return text;
  const node = memberNode(valueNode);
  const container = node.parent as Node;
  const siblings = container.children ?? [];
  const index = siblings.indexOf(node);
  const prev = index > 0 ? siblings[index - 1] : undefined;
  const end = node.offset + node.length;
  const afterNode = skipTrivia(text, end);
  const hasComma = text[afterNode] === ",";
  const isLast = index === siblings.length - 1;
  const start = lineStart(text, node.offset);
  const ownLine = text.slice(start, node.offset).trim() === "";
  const tailEnd = skipTrivia(text, hasComma ? afterNode + 1 : end, true);
  if (ownLine && (text[tailEnd] === "\n" || tailEnd === text.length)) {
    const lineEndIncl = tailEnd === text.length ? tailEnd : tailEnd + 1;
    let out = text.slice(0, start) + text.slice(lineEndIncl);
    if (isLast && !hasComma && prev) {
      // The previous member's separator becomes dangling: drop it (its line comment stays).
      const prevEnd = prev.offset + prev.length;
      const comma = skipTrivia(out, prevEnd);
      if (out[comma] === ",") out = out.slice(0, comma) + out.slice(comma + 1);
    }
    if (!prev && isLast) {
      // Emptied container: collapse `{\n  }` to `{}` only when nothing (no comment) is left inside.
      const inner = out.slice(
        container.offset + 1,
        out.indexOf(container.type === "object" ? "}" : "]", container.offset),
      );
      if (inner.trim() === "")
        out = out.slice(0, container.offset + 1) + out.slice(container.offset + 1 + inner.length);
    }
    return out;
  }
  if (hasComma) return text.slice(0, node.offset) + text.slice(skipTrivia(text, afterNode + 1, true));
  if (prev) return text.slice(0, prev.offset + prev.length) + text.slice(end);
  return text.slice(0, node.offset) + text.slice(end);
}
