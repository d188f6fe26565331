/** An address or network: IPv4 as an unsigned 32-bit number, IPv6 as eight 16-bit words. */
export type IpAddress = { v: 4; n: number } | { v: 6; w: number[] };

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Parses dotted-quad IPv4 (no leading zeros, which some parsers read as octal). */
export function parseIpv4(s: string): number | null {
  if (!V4.test(s)) return null;
  const p = s.split('.');
  return ((+p[0]! << 24) | (+p[1]! << 16) | (+p[2]! << 8) | +p[3]!) >>> 0;
}

/** Parses IPv6 text (with `::` and an optional dotted IPv4 tail; a `%zone` is dropped). */
export function parseIpv6(s: string): number[] | null {
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const words: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === null) return null;
        words.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) words.push(parseInt(g, 16));
      else return null;
    }
    return words;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return null;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

/** IPv4 or IPv6; an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the IPv4 address. */
export function parseIp(s: string): IpAddress | null {
  const t = s.trim();
  const v4 = parseIpv4(t);
  if (v4 !== null) return { v: 4, n: v4 };
  const w = parseIpv6(t);
  if (!w) return null;
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) return { v: 4, n: ((w[6]! << 16) | w[7]!) >>> 0 };
  return { v: 6, w };
}

export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952: lowercase, no leading zeros, the longest run of two or more zero words as `::`. */
export function formatIpv6(w: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

export function formatIp(ip: IpAddress): string {
  return ip.v === 4 ? formatIpv4(ip.n) : formatIpv6(ip.w);
}

/** The mask of an IPv4 prefix length (JavaScript shifts are mod 32, so /0 is special). */
export function ipv4Mask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Zeroes the host bits of IPv6 words beyond `len`. */
export function maskIpv6(w: number[], len: number): number[] {
  return w.map((x, i) => {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    return bits === 16 ? x : bits === 0 ? 0 : x & ((0xffff << (16 - bits)) & 0xffff);
  });
}

/** A network: address with host bits cleared, and prefix length. A bare address is /32 or /128. */
export interface Cidr {
  ip: IpAddress;
  len: number;
}

export function parseCidr(s: string): Cidr | null {
  const t = s.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!ip) return null;
  const max = ip.v === 4 ? 32 : 128;
  let len = max;
  if (slash >= 0) {
    const l = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(l)) return null;
    len = +l;
    // A mapped address keeps its IPv6 prefix length: ::ffff:10.0.0.0/104 is 10.0.0.0/8.
    if (ip.v === 4 && t.slice(0, slash).includes(':')) len -= 96;
    if (len < 0 || len > max) return null;
  }
  return ip.v === 4 ? { ip: { v: 4, n: (ip.n & ipv4Mask(len)) >>> 0 }, len } : { ip: { v: 6, w: maskIpv6(ip.w, len) }, len };
}

/** True when IPv6 words `w` lie inside the network `net`/`len` (already masked). */
export function ipv6InNetwork(w: number[], net: number[], len: number): boolean {
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    if (bits === 0) return true;
    const mask = bits === 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((w[i]! & mask) !== net[i]) return false;
  }
  return true;
}
