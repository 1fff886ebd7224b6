import { maxLength, refine, regex, string } from "zod/mini";

/*
 * The naming rules, written once for the hub, its CLI and the UI. zod/mini, imported by name, keeps them cheap where
 * only a name is checked (the UI's add-server form): bundlers keep just these few functions. The other schemas take
 * them as fields like any zod schema.
 */

/** Server names become container names, tool prefixes (`<server>__<tool>`) and URL segments: keep them boring. */
export const serverNameSchema = string().check(
  regex(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/, "use 1-32 characters: a-z, 0-9 and '-', not at either end"),
);

/** Secrets become environment variables of the same name, so names follow env-var rules. */
export const secretNameSchema = string().check(
  regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "use letters, digits and '_', not starting with a digit"),
  maxLength(128),
  // JSON.parse makes "__proto__" an own key, but assigning it on a plain object would set the prototype instead.
  refine((name) => name !== "__proto__", "reserved name"),
);

/** The id of a module the hub hosts in-process (a builtin server), e.g. "registry". */
export const builtinModuleSchema = string().check(
  regex(/^[a-z0-9-]{1,32}$/, "use 1-32 characters: a-z, 0-9 and '-'"),
);
