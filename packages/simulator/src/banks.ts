/** A member bank (legal entity) of the union: it issues cards and holds accounts. */
export interface BankSpec {
  /** Org id in Vigil: the event field `org` of everything this bank's customers do. */
  org: string;
  /** Short code used in customer, account and terminal identifiers (letters only). */
  code: string;
  name: string;
  /** BINs (first six digits) of its cards. */
  bins: string[];
  /** Card number length of each BIN (16 to 19). */
  panLength: number;
  /** City keys where most of its customers live, most important first. */
  region: string[];
  /** Branch orgs and the city each one serves. */
  branches: Array<{ org: string; city: string }>;
  /** Relative number of customers. */
  weight: number;
}

/** The demo's two member banks (see the server's demo seed): Bank A around Hangzhou, Bank B around Ningbo. */
export const DEFAULT_BANKS: readonly BankSpec[] = [
  { org: 'bank_a', code: 'A', name: 'Bank A', bins: ['621458', '623059'], panLength: 19, region: ['hangzhou', 'shaoxing', 'huzhou', 'jiaxing', 'jinhua'], branches: [{ org: 'bank_a_hz', city: 'hangzhou' }], weight: 0.6 },
  { org: 'bank_b', code: 'B', name: 'Bank B', bins: ['621392', '623162'], panLength: 16, region: ['ningbo', 'taizhou_zj', 'zhoushan', 'wenzhou'], branches: [{ org: 'bank_b_nb', city: 'ningbo' }], weight: 0.4 },
];

/** Other issuers, where customers' payees and mules' onward accounts are held. */
export const OTHER_ISSUERS: ReadonlyArray<{ code: string; name: string; bins: string[] }> = [
  { code: 'ICBC', name: 'Industrial and Commercial Bank of China', bins: ['622202', '621226'] },
  { code: 'CCB', name: 'China Construction Bank', bins: ['621700', '622700'] },
  { code: 'ABC', name: 'Agricultural Bank of China', bins: ['622848', '622845'] },
  { code: 'BOC', name: 'Bank of China', bins: ['621661', '621785'] },
  { code: 'BOCOM', name: 'Bank of Communications', bins: ['622260', '622262'] },
  { code: 'CMB', name: 'China Merchants Bank', bins: ['622588', '621483'] },
  { code: 'PSBC', name: 'Postal Savings Bank of China', bins: ['621799', '622188'] },
  { code: 'CIB', name: 'Industrial Bank', bins: ['622909', '622908'] },
];

const ZHEJIANG = ['hangzhou', 'ningbo', 'wenzhou', 'shaoxing', 'jiaxing', 'huzhou', 'jinhua', 'taizhou_zj', 'quzhou', 'lishui'];

/**
 * Bank specs for org ids: the defaults for `bank_a` and `bank_b`, and for any other id a bank
 * with made-up BINs in a Zhejiang region of its own.
 */
export function resolveBanks(banks: ReadonlyArray<string | BankSpec> | undefined): BankSpec[] {
  if (!banks || banks.length === 0) return DEFAULT_BANKS.map((b) => ({ ...b }));
  const codes = new Set<string>();
  return banks.map((b, i) => {
    let spec: BankSpec;
    if (typeof b !== 'string') spec = { ...b };
    else {
      const known = DEFAULT_BANKS.find((d) => d.org === b);
      spec = known
        ? { ...known }
        : {
            org: b,
            code: String.fromCharCode(67 + (i % 24)),
            name: b,
            bins: [`62${String(3200 + i * 17).padStart(4, '0')}`],
            panLength: 19,
            region: [ZHEJIANG[i % ZHEJIANG.length]!, ZHEJIANG[(i + 3) % ZHEJIANG.length]!],
            branches: [],
            weight: 0.5,
          };
    }
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(spec.org)) throw new Error(`bank org id ${JSON.stringify(spec.org)}: 1-64 characters of A-Z a-z 0-9 _ . -`);
    if (!/^[A-Z]{1,4}$/.test(spec.code)) throw new Error(`bank ${spec.org}: code must be 1-4 capital letters`);
    if (codes.has(spec.code)) throw new Error(`bank code ${spec.code} is used twice`);
    codes.add(spec.code);
    if (spec.panLength < 16 || spec.panLength > 19) throw new Error(`bank ${spec.org}: card numbers have 16 to 19 digits`);
    return spec;
  });
}
