import prettyBytes from "pretty-bytes";
import type { GarbageCollection, RegistryStatus, RegistryTag, RegistryTagResponse } from "@mcp-hub/contracts";
import { table } from "./table.js";

/** The registry's state and the port really in use: "registry running at 127.0.0.1:5001 (port 5000 is taken)". */
export function registryLine(status: RegistryStatus): string {
  switch (status.state) {
    case "disabled":
      return "registry: none (the hub keeps no local registry here: HUB_REGISTRY_IMAGE is not set)";
    case "starting":
      return `registry starting on port ${status.port}`;
    case "failed":
      return `registry not running (port ${status.port}): ${status.error}`;
    case "running":
    case "collecting": {
      const doing = status.state === "running" ? "running" : "collecting garbage (back when it ends)";
      const taken = status.port === status.wantedPort ? "" : ` (port ${status.wantedPort} is taken)`;
      return `registry ${doing} at 127.0.0.1:${status.port}${taken}`;
    }
  }
}

/** What to do with a registry that holds nothing yet. */
export function emptyRegistryText(status: RegistryStatus): string {
  if (!("port" in status)) return "The registry holds no images.";
  const name = `127.0.0.1:${status.port}/<name>:<tag>`;
  return `The registry holds no images yet. Push one: docker tag <image> ${name} && docker push ${name}`;
}

/** One row per tag: digest shortened, size and age for people, the risk label and the servers using it. */
export function tagTable(tags: RegistryTag[], options: { withRepository: boolean }): string {
  const now = Date.now();
  const header = ["TAG", "DIGEST", "SIZE", "CREATED", "RISK", "USED BY"];
  return table([
    options.withRepository ? ["REPOSITORY", ...header] : header,
    ...tags.map((t) => {
      const row = [
        t.tag,
        shortDigest(t.digest),
        prettyBytes(t.size),
        t.created ? ago(t.created, now) : "",
        t.labels[RISK_LABEL] ?? "",
        t.usedBy.join(", "),
      ];
      return options.withRepository ? [t.repository, ...row] : row;
    }),
  ]);
}

/** `registry inspect`: every fact of one tag, the full digest, and the tags a delete takes with it. */
export function inspectText(detail: RegistryTagResponse): string {
  const labels = Object.entries(detail.labels).map(([key, value]) => `${key}=${value}`);
  const platforms = detail.platforms?.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/"));
  const rows: string[][] = [
    ["digest", detail.digest],
    ["media type", detail.mediaType],
    ["size", `${prettyBytes(detail.size)} (${detail.size} bytes)`],
    ["created", detail.created ? `${detail.created} (${ago(detail.created, Date.now())})` : "unknown"],
    ...(platforms ? [["platforms", platforms.join(", ")]] : []),
    ["used by", detail.usedBy.length ? detail.usedBy.join(", ") : "no server"],
    ["same digest", `${detail.sameDigest.join(", ")} (a delete removes them all)`],
    ...(labels.length ? labels.map((label, i) => [i === 0 ? "labels" : "", label]) : [["labels", "none"]]),
  ];
  return `${detail.repository}:${detail.tag}\n${table(rows)}`;
}

/** Before a delete: the digest goes, and with it every tag on it; and who uses the image. */
export function deleteNotice(detail: RegistryTagResponse): string {
  const tags = detail.sameDigest.map((t) => `${detail.repository}:${t}`);
  const lines = [
    tags.length > 1
      ? `The registry deletes by digest: deleting ${detail.repository}:${detail.tag} (${shortDigest(detail.digest)}) deletes ${tags.join(", ")}.`
      : `Deleting ${detail.repository}:${detail.tag} (${shortDigest(detail.digest)}).`,
  ];
  if (detail.usedBy.length) lines.push(`Server(s) using it: ${detail.usedBy.join(", ")}.`);
  return lines.join("\n");
}

export function garbageCollectionText(result: GarbageCollection): string {
  return `freed ${prettyBytes(result.freedBytes)} (the registry's storage: ${prettyBytes(result.beforeBytes)} before, ${prettyBytes(result.afterBytes)} after)`;
}

const RISK_LABEL = "mcp.governance.level";
/** Twelve hex digits identify an image among a registry's, as `docker images` shows IDs. */
const SHORT_DIGEST_LENGTH = 12;

export function shortDigest(digest: string): string {
  return digest.slice(digest.indexOf(":") + 1).slice(0, SHORT_DIGEST_LENGTH);
}

const AGE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "3 hours ago", "yesterday": the largest whole unit, as `docker images` says ages. */
export function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return iso;
  const [unit, size] = AGE_UNITS.find(([, size]) => seconds >= size) ?? ["second", 1];
  return relative.format(-Math.floor(seconds / size), unit);
}
