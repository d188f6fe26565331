import { formatIp, formatIpv4, formatIpv6, parseCidr, parseIp } from './ip-address.ts';
import { ListError } from './list-error.ts';
import { normaliseName } from './normalise-name.ts';
import type { ListDimension } from './types.ts';

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * The form a list stores and looks up a value in, per dimension:
 * - identifiers (customer, account, device, merchant, terminal): trimmed; e-mail addresses lowercased;
 * - `card`: trimmed only, the caller tokenises;
 * - `phone`: digits only, keeping a leading `+` (`+86 138-0013-8000` → `+8613800138000`);
 * - `ip`: canonical text (RFC 5952 for IPv6; an IPv4-mapped address becomes the IPv4 address);
 * - `cidr`: canonical network with host bits cleared (`10.1.2.3/8` → `10.0.0.0/8`; a bare address is /32 or /128);
 * - `name`: {@link normaliseName}; `text`: NFKC, lowercase, whitespace runs → one space.
 * Throws a {@link ListError} `LIST_VALUE` when nothing valid is left.
 *
 * @example normaliseListValue('phone', '+86 138-0013-8000') // '+8613800138000'
 */
export function normaliseListValue(dimension: ListDimension, raw: string): string {
  const v = tryNormaliseListValue(dimension, raw);
  if (v === null) throw new ListError('LIST_VALUE', `${JSON.stringify(String(raw).slice(0, 80))} is not a valid ${dimension} value`);
  return v;
}

/** {@link normaliseListValue}, or null instead of throwing: lookups of odd event values never fail. */
export function tryNormaliseListValue(dimension: ListDimension, raw: unknown): string | null {
  let s: string;
  if (typeof raw === 'string') s = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) s = String(raw);
  else if (typeof raw === 'bigint') s = raw.toString();
  else return null;
  let out: string;
  switch (dimension) {
    case 'card':
      out = s.trim();
      break;
    case 'phone': {
      const t = s.normalize('NFKC').trim();
      const digits = t.replace(/\D+/g, '');
      out = digits && t.startsWith('+') ? `+${digits}` : digits;
      break;
    }
    case 'ip': {
      const ip = parseIp(s.normalize('NFKC'));
      return ip ? formatIp(ip) : null;
    }
    case 'cidr': {
      const c = parseCidr(s.normalize('NFKC'));
      if (!c) return null;
      return `${c.ip.v === 4 ? formatIpv4(c.ip.n) : formatIpv6(c.ip.w)}/${c.len}`;
    }
    case 'name':
      out = normaliseName(s);
      break;
    case 'text':
      out = s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
      break;
    default:
      out = s.trim();
      if (EMAIL.test(out)) out = out.toLowerCase();
  }
  return out === '' ? null : out;
}
