interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIPv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_PART.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseGroups(text: string): bigint[] | null {
  if (text === '') return [];
  const groups: bigint[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (v4 === null) return null;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else {
      if (!HEX_GROUP.test(part)) return null;
      groups.push(BigInt(Number.parseInt(part, 16)));
    }
  }
  return groups;
}

function parseIPv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let value = 0n;
  for (const group of [...head, ...new Array<bigint>(missing).fill(0n), ...tail]) value = (value << 16n) | group;
  return value;
}

function parseAddress(text: string): ParsedAddress | null {
  if (text.length > 64) return null;
  if (text.includes(':')) {
    const value = parseIPv6(text);
    return value === null ? null : { family: 6, value };
  }
  const value = parseIPv4(text);
  return value === null ? null : { family: 4, value };
}

/**
 * `ipInCidr(ip, cidr)`: whether an IPv4/IPv6 address lies in a CIDR block ('10.0.0.0/8',
 * '2001:db8::/32'; a bare address means a single host). Invalid input, or mixing families, is
 * false rather than an error because rules treat "not a match" and "garbage" the same way.
 */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseAddress(ip);
  if (!address) return false;
  const slash = cidr.indexOf('/');
  const network = parseAddress(slash === -1 ? cidr : cidr.slice(0, slash));
  if (!network || network.family !== address.family) return false;
  const bits = address.family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash !== -1) {
    const text = cidr.slice(slash + 1);
    if (!/^\d{1,3}$/.test(text)) return false;
    prefix = Number(text);
    if (prefix > bits) return false;
  }
  const shift = BigInt(bits - prefix);
  return address.value >> shift === network.value >> shift;
}
