import { luhnValid } from '@vigil/engine';
import type { Rng } from './rng.ts';

/** The Luhn check digit that completes `body`. */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * A Luhn-valid card number of `length` digits under `bin`. `serial` is spread over the account
 * digits by a multiplication modulo a power of ten (a bijection, since the multiplier is odd and
 * not a multiple of 5), so distinct serials give distinct numbers that do not look sequential.
 */
export function cardNumber(bin: string, serial: number, length: number): string {
  const digits = length - bin.length - 1;
  const mod = 10 ** digits;
  const mixed = (Number((BigInt(serial) * 7_919_113n + 104_729n) % BigInt(mod)) + mod) % mod;
  const body = bin + String(mixed).padStart(digits, '0');
  return body + luhnCheckDigit(body);
}

const MOBILE_PREFIXES = ['134', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '182', '183', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '181', '189', '177', '199', '198', '191'];
/** Virtual-operator and IoT ranges, favoured by SIM farms. */
const VIRTUAL_PREFIXES = ['170', '171', '162', '165', '167'];

/**
 * A Chinese mobile number in E.164 form (`+86` and 11 digits). A number whose 13 digits pass the
 * Luhn check is drawn again: the platform masks such runs as card numbers in free text, and a
 * phone number must stay usable as an entity.
 */
export function mobilePhone(rng: Rng, virtual = false): string {
  for (;;) {
    const prefix = rng.pick(virtual ? VIRTUAL_PREFIXES : MOBILE_PREFIXES);
    const rest = String(rng.int(100_000_000)).padStart(8, '0');
    const digits = '86' + prefix + rest;
    if (!luhnValid(digits)) return '+' + digits;
  }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * An 18-character resident identity number: area code, birth date, sequence and the ISO 7064
 * MOD 11-2 check character. Numbers whose digit run passes the Luhn check are drawn again, for the
 * same reason as phones.
 */
export function residentId(rng: Rng, areaCode: string, birthYear: number): string {
  for (;;) {
    const month = rng.between(1, 12);
    const day = rng.between(1, 28);
    const body = areaCode + birthYear + String(month).padStart(2, '0') + String(day).padStart(2, '0') + String(rng.int(1000)).padStart(3, '0');
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
    const check = ID_CHECK[sum % 11]!;
    const id = body + check;
    if (!luhnValid(check === 'X' ? body : id)) return id;
  }
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '沈', '叶', '蒋', '潘'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平', '刚', '桂', '英', '华', '建', '国', '文', '辉', '红', '玲', '晨', '宇', '浩', '欣', '怡', '佳', '俊', '婷', '雪', '琳', '子', '涵', '梓', '轩', '雨', '泽', '博', '思'];

/** A Chinese personal name: a common surname and one or two given-name characters. */
export function personName(rng: Rng): string {
  const s = rng.pick(SURNAMES);
  return rng.chance(0.3) ? s + rng.pick(GIVEN) : s + rng.pick(GIVEN) + rng.pick(GIVEN);
}

const B36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A device identifier as an SDK would report it: `dv_` and 14 base-36 characters. */
export function deviceId(rng: Rng): string {
  let s = 'dv_';
  for (let i = 0; i < 14; i++) s += B36[rng.int(36)];
  return s;
}

/** An IPv4 address in `prefix` (`a.b.`), host part drawn at random. */
export function ipIn(rng: Rng, prefix: string): string {
  return prefix + rng.int(256) + '.' + rng.between(1, 254);
}

/** An IPv6 address in a Chinese mobile carrier's range (as 4G/5G phones get). */
export function mobileIpv6(rng: Rng): string {
  const hex = () => rng.int(65536).toString(16);
  return rng.pick(['2409:8a', '240e:3b', '2408:84']) + rng.int(256).toString(16).padStart(2, '0') + ':' + hex() + ':' + hex() + ':' + hex() + ':' + hex() + ':' + hex() + ':' + hex();
}

/** First octets of address blocks held by Chinese carriers. */
export const CN_FIRST_OCTETS = [36, 39, 42, 49, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 171, 175, 180, 182, 183, 202, 211, 218, 219, 220, 221, 222, 223];
/** Hosting, VPN and proxy ranges that attackers rent (bots, stuffing, SMS bombing). */
export const HOSTING_PREFIXES = ['45.83.', '45.95.', '103.152.', '103.251.', '185.220.', '185.107.', '194.26.', '91.219.', '5.188.', '146.70.', '23.106.', '107.189.', '89.248.', '193.32.', '38.54.', '156.146.'];
