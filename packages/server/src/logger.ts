import pino, { type Logger } from 'pino';
import { maskDigitRuns } from '@vigil/engine';

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return maskDigitRuns(v);
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return { type: v.name, message: maskDigitRuns(v.message), stack: v.stack ? maskDigitRuns(v.stack) : undefined, code: (v as { code?: unknown }).code };
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubDeep(x, depth + 1);
  return out;
}

/**
 * The process logger. Secrets are redacted by path (Authorization headers, keys, passwords) and
 * every logged string is scrubbed of card-number-shaped digit runs, so a raw PAN can never reach a log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.adminKey', '*.password', '*.key', 'apiKey', 'adminKey', 'password', 'panKey'],
        censor: '[redacted]',
      },
      formatters: {
        log: (obj) => scrubDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? maskDigitRuns(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}
