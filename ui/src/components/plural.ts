/**
 * "1 server", "2 servers". English only: the dashboard has no translations, so a full Intl.PluralRules table
 * would only add a lookup for the same two forms.
 */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
