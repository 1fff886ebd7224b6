/**
 * Whether two authorization server identifiers name the same server: compared as parsed URLs, a single trailing
 * "/" apart being the same (metadata often omits it where a URL's href has it), as the SDK's auth() compares them.
 */
export function issuersMatch(a: string, b: string): boolean {
  const normal = (value: string) => {
    try {
      return new URL(value).href.replace(/\/$/, "");
    } catch {
      return value.replace(/\/$/, "");
    }
  };
  return normal(a) === normal(b);
}
