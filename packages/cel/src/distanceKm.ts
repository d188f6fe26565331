import { CelEvalError } from './errors.ts';

const EARTH_RADIUS_KM = 6371.0088;

function coordinate(point: unknown, key: 'lat' | 'lon'): number {
  let value: unknown;
  if (point instanceof Map) value = point.get(key);
  else if (point !== null && typeof point === 'object' && Object.hasOwn(point, key)) value = (point as Record<string, unknown>)[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new CelEvalError('CEL_INVALID_ARGUMENT', `distanceKm() needs {lat, lon} numbers, '${key}' is missing or not a number`);
}

/**
 * `distanceKm(a, b)`: great-circle (haversine) distance in km between two `{lat, lon}` maps or
 * schema objects. Declared with `dyn` parameters so event schema objects (typed messages in
 * cel-js) are accepted as well as maps.
 */
export function distanceKm(a: unknown, b: unknown): number {
  const lat1 = coordinate(a, 'lat');
  const lon1 = coordinate(a, 'lon');
  const lat2 = coordinate(b, 'lat');
  const lon2 = coordinate(b, 'lon');
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
