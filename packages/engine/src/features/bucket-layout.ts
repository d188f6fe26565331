/** Velocity windows are cut into this many buckets (a 10-minute window into 10-second buckets). */
export const VELOCITY_BUCKETS = 60;
/**
 * Profiles are coarser (a 90-day window into 3-day buckets): they keep per-value counts per
 * bucket, so fewer buckets keep memory per entity small.
 */
export const PROFILE_BUCKETS = 30;
/** No bucket is narrower than a second. */
export const MIN_BUCKET_MS = 1_000;

/**
 * How a window is cut into time buckets. Bucket `i` covers `[i * width, (i + 1) * width)`; a read
 * at time `at` sees the whole buckets whose start lies in `(at - windowMs, at]`, so the effective
 * window is between `windowMs - width` and `windowMs` long. `slots` is the most buckets a read can
 * see, hence the most any state keeps. Every store adapter uses this layout so that all of them
 * return the same values.
 */
export interface BucketLayout {
  windowMs: number;
  width: number;
  slots: number;
}

/**
 * @example bucketLayout(600_000) // {windowMs: 600000, width: 10000, slots: 60}
 */
export function bucketLayout(windowMs: number, buckets: number = VELOCITY_BUCKETS): BucketLayout {
  const width = Math.max(MIN_BUCKET_MS, Math.floor(windowMs / buckets));
  return { windowMs, width, slots: Math.ceil(windowMs / width) };
}

/**
 * The bucket indexes a read at `at` sees, inclusive: `[first, last]`.
 *
 * @example visibleBuckets(bucketLayout(60_000), 125_500) // [66, 125]
 */
export function visibleBuckets(layout: BucketLayout, at: number): [first: number, last: number] {
  return [Math.floor((at - layout.windowMs) / layout.width) + 1, Math.floor(at / layout.width)];
}
