import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the CSPRNG in blocks: one call per 256 ids instead of one per id. */
const POOL = Buffer.alloc(16 * 256);
let offset = POOL.length;

/** A UUIDv7: time-ordered, so decision ids sort by creation time. */
export function uuidv7(now = Date.now()): string {
  if (offset === POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const b = POOL.subarray(offset, offset + 16);
  offset += 16;
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
