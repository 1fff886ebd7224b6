import { keepText } from "../jsonrpc/index.js";

/** Scopes × clients are a handful in practice; past this many the cache starts over rather than grow. */
const MAX_ENTRIES = 256;

interface Entry<T> {
  catalogVersion: number;
  profile: unknown;
  result: T;
}

/**
 * List results built once per scope and client, and shared by every session of that scope and client until the
 * catalog or the client's profile changes. Shared results are frozen and keep their JSON (jsonrpc/messageText.ts):
 * answering an aggregated tools/list is then one lookup and one write, not hundreds of objects and a fresh ~60 KB
 * string per request.
 */
export class SharedLists<T extends object> {
  private readonly entries = new Map<string, Entry<T>>();

  /** `profile` is the client's profile object (state updates replace it), compared by identity. */
  get(key: string, catalogVersion: number, profile: unknown, build: () => T): T {
    const entry = this.entries.get(key);
    if (entry && entry.catalogVersion === catalogVersion && entry.profile === profile) return entry.result;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const result = keepText(build());
    this.entries.set(key, { catalogVersion, profile, result });
    return result;
  }
}
