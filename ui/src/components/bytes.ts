const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** "1.5 MB": decimal units with three significant digits, as Docker Desktop shows image sizes. */
export function bytes(n: number): string {
  let value = n;
  let unit = 0;
  // Rounded first, so that 999.9 kB reads 1 MB, not 1000 kB.
  while (Number(value.toPrecision(3)) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${UNITS[unit]}`;
}
