import type { GeoPoint } from './types.ts';

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in kilometres (haversine, mean Earth radius).
 *
 * @example haversineKm({lat: 31.2304, lon: 121.4737}, {lat: 39.9042, lon: 116.4074}) // ≈ 1067
 */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The value as a location, or null unless it is `{lat, lon}` with finite in-range coordinates. */
export function asGeoPoint(v: unknown): GeoPoint | null {
  if (v === null || typeof v !== 'object') return null;
  const { lat, lon } = v as Record<string, unknown>;
  if (typeof lat !== 'number' || typeof lon !== 'number') return null;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
  return { lat, lon };
}
