export interface ReasonCode {
  variable: string;
  /** The applicant's points on this characteristic. */
  points: number;
  /** The best points this characteristic can give. */
  maxPoints: number;
  /** maxPoints − points (> 0). */
  pointsLost: number;
}

/**
 * Adverse-action reason codes by the "points lost" method: for each characteristic, how far the
 * applicant's points fall below the maximum points that characteristic can give; the k that cost
 * the most, largest first (ties in characteristic order). Characteristics at their maximum give
 * no reason. The ranking is the same with spread or separate base points (they differ by a
 * constant per characteristic).
 *
 * `perCharacteristicPoints` is in the order the characteristics first appear in the table (the
 * engine's contributions order), or keyed by variable name.
 *
 * @example
 * // duration: bins 30 / 10 / −5 points, applicant −5 → 35 lost; age: 25 / 5, applicant 5 → 20 lost.
 * reasonCodes(card.table, {duration: -5, age: 5}, 1) // → [{variable: 'duration', points: -5, maxPoints: 30, pointsLost: 35}]
 */
export function reasonCodes(
  table: ReadonlyArray<{ variable: string; points: number }>,
  perCharacteristicPoints: ArrayLike<number> | Readonly<Record<string, number>>,
  k = 3,
): ReasonCode[] {
  const maxPoints = new Map<string, number>();
  for (const row of table) maxPoints.set(row.variable, Math.max(maxPoints.get(row.variable) ?? -Infinity, row.points));
  const variables = [...maxPoints.keys()];
  const byIndex = typeof (perCharacteristicPoints as ArrayLike<number>).length === 'number';
  if (byIndex && (perCharacteristicPoints as ArrayLike<number>).length !== variables.length) {
    throw new RangeError(`${(perCharacteristicPoints as ArrayLike<number>).length} points for ${variables.length} characteristics`);
  }
  const codes: ReasonCode[] = [];
  variables.forEach((variable, j) => {
    const points = byIndex ? (perCharacteristicPoints as ArrayLike<number>)[j]! : (perCharacteristicPoints as Record<string, number>)[variable];
    if (points === undefined) throw new RangeError(`no points given for ${variable}`);
    const max = maxPoints.get(variable)!;
    if (points < max) codes.push({ variable, points, maxPoints: max, pointsLost: max - points });
  });
  // Array.prototype.sort is stable, so ties keep the characteristic order.
  return codes.sort((a, b) => b.pointsLost - a.pointsLost).slice(0, Math.max(0, k));
}
