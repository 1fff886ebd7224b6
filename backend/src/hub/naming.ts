/**
 * Tool and prompt names on the aggregated endpoint are `<server>__<name>`. Server names cannot contain "_",
 * so the first "__" always splits correctly. Built and parsed only here, so the format has one owner.
 */
export const NAME_SEPARATOR = "__";
/** Clients reject tool names longer than this. */
export const MAX_NAME_LENGTH = 64;

export function toNamespaced(server: string, name: string): string {
  return `${server}${NAME_SEPARATOR}${name}`;
}

export function parseNamespaced(namespaced: string): { server: string; name: string } | undefined {
  const at = namespaced.indexOf(NAME_SEPARATOR);
  if (at <= 0) return undefined;
  return { server: namespaced.slice(0, at), name: namespaced.slice(at + NAME_SEPARATOR.length) };
}

/**
 * A session sees either every server, prefixed (the aggregated /mcp), or one server unprefixed
 * (/servers/<name>/mcp). The scope turns catalog names into what that session shows and back.
 */
export interface NameScope {
  readonly server?: string;
  show(server: string, name: string): string;
  resolve(shown: string): { server: string; name: string } | undefined;
}

export const aggregatedScope: NameScope = {
  show: toNamespaced,
  resolve: parseNamespaced,
};

export function singleServerScope(server: string): NameScope {
  return { server, show: (_s, name) => name, resolve: (name) => ({ server, name }) };
}
