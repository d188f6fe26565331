/**
 * Wraps a reload so that calls made while it runs coalesce into one more run: a burst of changes
 * costs two loads, and an older load can never finish after (and overwrite) a newer one.
 *
 * @example const reload = coalesced(() => loadEverything()); await Promise.all([reload(), reload()]);
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let current: Promise<void> | null = null;
  let again = false;
  return () => {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      try {
        do {
          again = false;
          await run();
        } while (again);
      } finally {
        // Cleared in the same step as the last check of `again`: a call arriving after it starts
        // a new run instead of joining one that has already finished.
        current = null;
      }
    })();
    return current;
  };
}
