/**
 * The label of a range bin `[min, max)`, with `-inf` / `+inf` for an open end. Numbers are
 * written in full (shortest round-trip form) so a label never hides which side a value falls on.
 *
 * @example
 * rangeLabel(undefined, 1000); // '[-inf, 1000)'
 * rangeLabel(1000, 2500);      // '[1000, 2500)'
 * rangeLabel(2500, undefined); // '[2500, +inf)'
 */
export function rangeLabel(min: number | undefined, max: number | undefined): string {
  return `[${min === undefined ? '-inf' : String(min)}, ${max === undefined ? '+inf' : String(max)})`;
}
