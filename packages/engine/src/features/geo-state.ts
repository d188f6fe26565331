import { asGeoPoint, haversineKm } from './haversine-km.ts';
import type { GeoMark, KeyState } from './key-state.ts';
import type { StateConfig } from './state-config.ts';
import type { GeoVelocity } from './types.ts';

/** Keeps the newest located point; a late event never replaces a newer one. */
export function writeGeo(st: KeyState, at: number, value: unknown): void {
  const p = asGeoPoint(value);
  if (!p) return;
  const prev = st.x as GeoMark | null;
  if (!prev || at >= prev.at) st.x = { lat: p.lat, lon: p.lon, at };
}

/**
 * Distance and implied speed from the newest earlier located point within the window, or null.
 * A late event is compared with the newest point (its time gap taken as absolute).
 */
export function readGeo(cfg: StateConfig, st: KeyState | undefined, at: number, value: unknown): GeoVelocity | null {
  const cur = asGeoPoint(value);
  const prev = st?.x as GeoMark | null | undefined;
  if (!cur || !prev || prev.at <= at - cfg.layout.windowMs) return null;
  const distanceKm = haversineKm(prev, cur);
  const gap = Math.abs(at - prev.at);
  return { distanceKm, minutes: gap / 60_000, speedKmh: distanceKm / (Math.max(gap, 1_000) / 3_600_000) };
}

/** True when the point is too old for any read at or after `now`. */
export function geoExpired(cfg: StateConfig, st: KeyState, now: number): boolean {
  const prev = st.x as GeoMark | null;
  return !prev || prev.at <= now - cfg.layout.windowMs;
}
