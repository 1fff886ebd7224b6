const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "3 days ago", "last month": how long since an ISO time, in its largest whole unit; "" when unknown. */
export function age(iso: string | undefined, now = Date.now()): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return "";
  let value = Math.max(0, (now - time) / 1000);
  for (const [unit, size] of STEPS) {
    if (value < size) return relative.format(-Math.floor(value), unit);
    value /= size;
  }
  return "";
}
