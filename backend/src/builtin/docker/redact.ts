/**
 * Environment values that look like secrets, hidden in what the tools show (inspect, stack status). A variable is
 * secret by its name (PASSWORD, TOKEN, API_KEY, …) or by its value (a URL with a password in it, a private key).
 */
export const REDACTED = "[redacted]";

const SECRET_NAME =
  /(pass(word|wd|phrase)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth|session|cookie|signature|salt|dsn)/i;
const SECRET_VALUE =
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----|^(gh[pousr]|glpat|xox[abpr]|sk)[-_][A-Za-z0-9_-]{16,})/;
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)(@)/i;

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name) && !/_FILE$/i.test(name);

/** One value: whole when its name or shape says secret, only the password when it is a URL's. */
export function redactValue(name: string, value: string): string {
  if (value === "") return value;
  if (isSecretName(name) || SECRET_VALUE.test(value)) return REDACTED;
  return value.replace(URL_PASSWORD, `$1${REDACTED}$3`);
}

/** Docker's `KEY=value` list. */
export function redactEnvList(env: readonly string[] | null | undefined): string[] | undefined {
  if (!env) return undefined;
  return env.map((entry) => {
    const at = entry.indexOf("=");
    return at < 0 ? entry : `${entry.slice(0, at)}=${redactValue(entry.slice(0, at), entry.slice(at + 1))}`;
  });
}

/** A `{ KEY: value }` map. */
export function redactEnvMap(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, redactValue(name, value)]));
}

/** An inspect answer (container or image) with its Config.Env, and ContainerConfig.Env, redacted. */
export function redactInspect<T extends object>(info: T): T {
  const copy = { ...info } as Record<string, unknown>;
  for (const key of ["Config", "ContainerConfig"])
    if (copy[key] && typeof copy[key] === "object") {
      const config = { ...(copy[key] as Record<string, unknown>) };
      if (Array.isArray(config.Env)) config.Env = redactEnvList(config.Env as string[]);
      copy[key] = config;
    }
  return copy as T;
}
