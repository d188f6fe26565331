/** The event data of a test case typed as JSON: it must parse and be an object (not an array or a value). */
export type EventJson = { ok: true; value: Record<string, unknown> } | { ok: false; error: 'syntax' | 'notObject'; detail?: string };

export function parseEventJson(text: string): EventJson {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: 'syntax', detail: (e as Error).message };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: 'notObject' };
  return { ok: true, value: v as Record<string, unknown> };
}
