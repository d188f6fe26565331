import { resolveBanks, OTHER_ISSUERS, type BankSpec } from './banks.ts';
import { CHINESE_CITIES, FOREIGN_CITIES, round5, type City } from './geo.ts';
import { cardNumber, CN_FIRST_OCTETS, deviceId, ipIn, mobileIpv6, mobilePhone, personName } from './identifiers.ts';
import { CASH_OUT_CATEGORIES, ECOM_CATEGORIES, LOCAL_CATEGORIES, TESTING_CATEGORIES, type MerchantCategory } from './merchant-categories.ts';
import { cumulative, Rng } from './rng.ts';
import { DAY } from './time.ts';
import type { Actor, SimRecord, World } from './types.ts';

export interface Merchant {
  id: string;
  category: MerchantCategory;
  terminals: string[];
  /** Country of the merchant (ISO 3166 alpha-2). */
  country: string;
  /** Null for online merchants. */
  city: CityData | null;
  lat: number;
  lon: number;
}

export interface Atm {
  terminalId: string;
  /** Index of the member bank that owns it, or -1 for another bank's machine. */
  bankIdx: number;
  city: CityData;
  lat: number;
  lon: number;
}

export interface Payee {
  account: string;
  name: string;
  bank: string;
  /** Typical amount sent to this payee (CNY). */
  median: number;
  memo: string;
}

export interface Card {
  pan: string;
  account: string;
}

/** A city with what the simulation needs there: merchants, ATMs and address blocks. */
export interface CityData {
  city: City;
  merchants: Merchant[];
  /** Where stolen cards are cashed out (foreign cities only). */
  cashOut: Merchant[];
  atms: Atm[];
  /** Fixed broadband prefixes (`a.b.`). */
  ipPrefixes: string[];
  /** Addresses handed out by the mobile carriers' NAT gateways. */
  mobileIps: string[];
}

export interface Trip {
  city: CityData;
  /** Departure from home, arrival at the destination, departure from it and arrival back home (epoch ms). */
  depart: number;
  arrive: number;
  leave: number;
  back: number;
}

/** A bank customer, also the actor that produces the customer's legitimate activity. */
export class Customer implements Actor {
  nextAt = 0;
  /** Events of the current session still to be emitted. */
  q: SimRecord[] = NO_EVENTS;
  qi = 0;
  /** Time of the next session once the queue is empty. */
  wakeAt = 0;
  trip: Trip | null = null;
  /** Month (index) of the last salary-day bill run. */
  lastBillsMonth = -1;
  /** Set for a customer created by a registration: the first step emits the registration. */
  registering = false;
  /** The one-time new-customer gift was claimed (a genuine customer does not try twice). */
  claimedGift = false;

  constructor(
    readonly id: string,
    readonly bank: BankSpec,
    readonly bankIdx: number,
    readonly home: CityData,
    readonly lat: number,
    readonly lon: number,
    readonly name: string,
    public phone: string,
    public device: string,
    readonly webDevice: string | null,
    readonly appAgent: string,
    readonly webAgent: string,
    readonly homeIp: string,
    readonly accounts: string[],
    readonly cards: Card[],
    public merchants: Merchant[],
    public ecom: Merchant[],
    public payees: Payee[],
    /** Sessions per day. */
    readonly rate: number,
    /** Spend multiplier. */
    readonly spend: number,
    readonly salaryDay: number,
    readonly registeredAt: number,
    readonly referralCode: string,
  ) {}

  step(w: World, t: number): SimRecord | null {
    return w.customerStep(this, t);
  }
}

export const NO_EVENTS: SimRecord[] = [];

const APP_AGENTS = [
  'VigilBank/6.4.2 (iPhone; iOS 18.1; Scale/3.00)',
  'VigilBank/6.4.2 (iPhone; iOS 17.6; Scale/3.00)',
  'VigilBank/6.4.1 (Android 14; HUAWEI ALN-AL00)',
  'VigilBank/6.4.1 (Android 14; Xiaomi 23127PN0CC)',
  'VigilBank/6.3.9 (Android 13; OPPO PHY110)',
  'VigilBank/6.4.2 (Android 15; vivo V2309A)',
  'VigilBank/6.4.0 (HarmonyOS 4.2; HUAWEI Mate 60)',
];
const WEB_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
];
const FOREIGN_FIRST_OCTETS = [14, 27, 43, 49, 78, 81, 86, 94, 109, 126, 151, 176, 188, 203, 210];

/** Who a payee is to the customer: typical amount and memo. */
const PAYEE_KINDS = [
  { weight: 4, median: 1500, memos: ['生活费', '家用', ''] },
  { weight: 2, median: 3500, memos: ['房租', '房租', ''] },
  { weight: 3, median: 300, memos: ['还钱', 'AA', '红包', ''] },
  { weight: 2, median: 900, memos: ['货款', '定金', ''] },
];
const PAYEE_CUM = cumulative(PAYEE_KINDS.map((k) => k.weight));
const SALARY_DAYS = [1, 5, 10, 10, 15, 15, 20, 25];
const LOCAL_CUM = cumulative(LOCAL_CATEGORIES.map((c) => c.weight));
const ECOM_CUM = cumulative(ECOM_CATEGORIES.map((c) => c.weight));
const CASH_OUT_CUM = cumulative(CASH_OUT_CATEGORIES.map((c) => c.weight));

export interface PopulationOptions {
  customers: number;
  banks?: ReadonlyArray<string | BankSpec>;
  /** Give customers living in a branch's city the branch's org instead of the bank's. */
  branchOrgs?: boolean;
  start: number;
}

/**
 * The synthetic bank world: member banks and their customers (accounts, cards, phones, devices,
 * usual merchants and payees), merchants and terminals in every city, ATMs, online merchants, and
 * the mule accounts that fraud pays into. Built once per run from its own random stream.
 */
export class Population {
  readonly banks: BankSpec[];
  readonly cities: CityData[] = [];
  readonly chinese: CityData[] = [];
  readonly foreign: CityData[] = [];
  readonly byKey = new Map<string, CityData>();
  readonly chineseCum: Float64Array;
  readonly foreignCum: Float64Array;
  readonly customers: Customer[] = [];
  readonly byBank: Customer[][];
  readonly bankCum: Float64Array;
  readonly ecom: Merchant[] = [];
  readonly ticketing: Merchant[] = [];
  readonly testing: Merchant[] = [];
  /** Customers recruited as money mules (their accounts receive fraud proceeds). */
  readonly muleCustomers: Customer[] = [];
  /** Accounts at other issuers controlled by fraud rings. */
  readonly externalMules: Payee[] = [];
  private readonly customerSerial: number[];
  private accountSerial = 0;
  private cardSerial = 0;
  private externalSerial = 0;
  private readonly branchOrgs: boolean;

  constructor(
    private readonly rng: Rng,
    opts: PopulationOptions,
  ) {
    this.banks = resolveBanks(opts.banks);
    this.branchOrgs = opts.branchOrgs ?? false;
    this.byBank = this.banks.map(() => []);
    this.customerSerial = this.banks.map(() => 0);
    this.bankCum = cumulative(this.banks.map((b) => b.weight));
    const n = Math.max(1, Math.floor(opts.customers));

    // Expected residents per city, so merchants and ATMs follow where people live.
    const residents = new Map<string, number>();
    const chineseWeights = cumulative(CHINESE_CITIES.map((c) => c.weight));
    this.chineseCum = chineseWeights;
    this.foreignCum = cumulative(FOREIGN_CITIES.map((c) => c.weight));
    const totalW = this.bankCum[this.bankCum.length - 1]!;
    this.banks.forEach((b) => {
      const share = (n * b.weight) / totalW;
      b.region.forEach((key, i) => residents.set(key, (residents.get(key) ?? 0) + (share * 0.75 * (i === 0 ? 2 : 1)) / (b.region.length + 1)));
      CHINESE_CITIES.forEach((c) => residents.set(c.key, (residents.get(c.key) ?? 0) + (share * 0.25 * c.weight) / chineseWeights[chineseWeights.length - 1]!));
    });

    let merchantSerial = 0;
    let atmSerial = 0;
    const newMerchant = (category: MerchantCategory, country: string, city: CityData | null, lat: number, lon: number): Merchant => {
      const id = `M${String(++merchantSerial).padStart(7, '0')}`;
      const terminals = city ? Array.from({ length: 1 + rng.int(3) }, (_, k) => `T${id.slice(1)}${k}`) : [];
      return { id, category, terminals, country, city, lat, lon };
    };
    const jitter = (x: number, km: number) => round5(x + ((rng.float() - 0.5) * km) / 55);

    CHINESE_CITIES.forEach((city, ci) => {
      const d: CityData = { city, merchants: [], cashOut: [], atms: [], ipPrefixes: [], mobileIps: [] };
      for (let k = 0; k < 3; k++) d.ipPrefixes.push(`${CN_FIRST_OCTETS[(ci * 7 + k * 11) % CN_FIRST_OCTETS.length]}.${(ci * 37 + k * 53) % 256}.`);
      this.addCity(d, false);
    });
    FOREIGN_CITIES.forEach((city, ci) => {
      const d: CityData = { city, merchants: [], cashOut: [], atms: [], ipPrefixes: [], mobileIps: [] };
      for (let k = 0; k < 2; k++) d.ipPrefixes.push(`${FOREIGN_FIRST_OCTETS[(ci + k * 5) % FOREIGN_FIRST_OCTETS.length]}.${(ci * 41 + k * 29 + 3) % 256}.`);
      this.addCity(d, true);
    });
    for (const d of this.cities) {
      const people = residents.get(d.city.key) ?? 0;
      const merchants = d.city.country === 'CN' ? Math.max(25, Math.round(people / 8)) : 30;
      for (let k = 0; k < merchants; k++) {
        const cat = LOCAL_CATEGORIES[rng.weighted(LOCAL_CUM)]!;
        d.merchants.push(newMerchant(cat, d.city.country, d, jitter(d.city.lat, 20), jitter(d.city.lon, 20)));
      }
      if (d.city.country !== 'CN') {
        for (let k = 0; k < 12; k++) d.cashOut.push(newMerchant(CASH_OUT_CATEGORIES[rng.weighted(CASH_OUT_CUM)]!, d.city.country, d, jitter(d.city.lat, 15), jitter(d.city.lon, 15)));
      }
      const atms = d.city.country === 'CN' ? Math.max(6, Math.round(people / 120)) : 8;
      for (let k = 0; k < atms; k++) {
        let bankIdx = -1;
        if (d.city.country === 'CN') {
          const owners = this.banks.map((b, i) => (b.region.includes(d.city.key) ? i : -1)).filter((i) => i >= 0);
          if (owners.length && rng.chance(0.6)) bankIdx = rng.pick(owners);
        }
        d.atms.push({ terminalId: `ATM${String(++atmSerial).padStart(6, '0')}`, bankIdx, city: d, lat: jitter(d.city.lat, 15), lon: jitter(d.city.lon, 15) });
      }
      for (let k = 0; k < 48; k++) d.mobileIps.push(d.city.country === 'CN' && k % 5 === 4 ? mobileIpv6(rng) : ipIn(rng, rng.pick(d.ipPrefixes)));
    }
    const ecomCount = Math.max(40, Math.round(n / 400));
    for (let k = 0; k < ecomCount; k++) {
      const country = rng.chance(0.9) ? 'CN' : rng.pick(['US', 'GB', 'SG', 'JP', 'HK']);
      this.ecom.push(newMerchant(ECOM_CATEGORIES[rng.weighted(ECOM_CUM)]!, country, null, 0, 0));
    }
    for (let k = 0; k < 6; k++) {
      this.ticketing.push(newMerchant({ mcc: k % 2 ? '4112' : '4511', label: k % 2 ? 'rail tickets' : 'airline tickets', weight: 1, median: k % 2 ? 350 : 1400, sigma: 0.4 }, 'CN', null, 0, 0));
    }
    for (let k = 0; k < 16; k++) {
      this.testing.push(newMerchant(TESTING_CATEGORIES[k % TESTING_CATEGORIES.length]!, rng.pick(['US', 'GB', 'NL', 'CN', 'SG', 'CY']), null, 0, 0));
    }

    for (let i = 0; i < n; i++) {
      const bankIdx = rng.weighted(this.bankCum);
      const registeredAt = opts.start - Math.floor(rng.uniform(30, 3650) * DAY);
      this.newCustomer(bankIdx, registeredAt);
    }
    // Payees: family and friends among other customers, the rest at other banks.
    for (const c of this.customers) {
      const k = 1 + rng.int(4);
      for (let j = 0; j < k; j++) c.payees.push(rng.chance(0.45) ? this.internalPayee(c) : this.externalPayee());
    }
    const mules = Math.max(8, Math.round(n * 0.003));
    for (let i = 0; i < mules; i++) this.muleCustomers.push(this.customers[rng.int(this.customers.length)]!);
    for (let i = 0; i < 40; i++) this.externalMules.push({ ...this.externalPayee(), median: 0, memo: '' });
  }

  private addCity(d: CityData, foreign: boolean) {
    this.cities.push(d);
    (foreign ? this.foreign : this.chinese).push(d);
    this.byKey.set(d.city.key, d);
  }

  /** A customer of the bank, registered at `registeredAt`, with accounts, cards, devices and usual merchants. */
  newCustomer(bankIdx: number, registeredAt: number): Customer {
    const rng = this.rng;
    const bank = this.banks[bankIdx]!;
    const home = rng.chance(0.75) ? this.byKey.get(bank.region[rng.chance(0.4) ? 0 : rng.int(bank.region.length)]!)! : this.chinese[rng.weighted(this.chineseCum)]!;
    const serial = ++this.customerSerial[bankIdx]!;
    const id = `C${bank.code}${String(serial).padStart(8, '0')}`;
    const accounts = [this.newAccount(bank)];
    if (rng.chance(0.3)) accounts.push(this.newAccount(bank));
    const cards: Card[] = [{ pan: this.newPan(bank), account: accounts[0]! }];
    if (rng.chance(0.25)) cards.push({ pan: this.newPan(bank), account: accounts[accounts.length - 1]! });
    const merchants: Merchant[] = [];
    const local = home.merchants;
    const usual = 5 + rng.int(8);
    // Popular merchants are shared by many customers: the index is skewed towards the front.
    for (let k = 0; k < usual; k++) merchants.push(local[Math.floor(rng.float() ** 2 * local.length)]!);
    const ecom: Merchant[] = [];
    const online = 2 + rng.int(4);
    for (let k = 0; k < online; k++) ecom.push(this.ecom[Math.floor(rng.float() ** 2 * this.ecom.length)]!);
    const c = new Customer(
      id,
      bank,
      bankIdx,
      home,
      round5(home.city.lat + (rng.float() - 0.5) * 0.15),
      round5(home.city.lon + (rng.float() - 0.5) * 0.15),
      personName(rng),
      mobilePhone(rng),
      deviceId(rng),
      rng.chance(0.35) ? deviceId(rng) : null,
      rng.pick(APP_AGENTS),
      rng.pick(WEB_AGENTS),
      ipIn(rng, rng.pick(home.ipPrefixes)),
      accounts,
      cards,
      merchants,
      ecom,
      [],
      Math.min(8, Math.max(0.15, rng.logNormal(1, 0.55))),
      Math.min(5, Math.max(0.2, rng.logNormal(1, 0.45))),
      rng.pick(SALARY_DAYS),
      registeredAt,
      'R' + bank.code + serial.toString(36).toUpperCase().padStart(6, '0'),
    );
    this.customers.push(c);
    this.byBank[bankIdx]!.push(c);
    return c;
  }

  /** The org id of a customer's events: the bank, or its branch when branch orgs are on. */
  orgOf(c: Customer): string {
    if (!this.branchOrgs) return c.bank.org;
    const br = c.bank.branches.find((b) => b.city === c.home.city.key);
    return br ? br.org : c.bank.org;
  }

  newAccount(bank: BankSpec): string {
    const serial = ++this.accountSerial;
    // 12 digits: too short to be mistaken for a card number when the platform masks digit runs.
    const mixed = (serial * 48_271 + 9_901) % 1_000_000_000_000;
    return `${bank.code}${String(mixed).padStart(12, '0')}`;
  }

  newPan(bank: BankSpec): string {
    return cardNumber(this.rng.pick(bank.bins), ++this.cardSerial, bank.panLength);
  }

  /** A new account at another issuer, held by someone outside the member banks. */
  externalPayee(): Payee {
    const rng = this.rng;
    const issuer = rng.pick(OTHER_ISSUERS);
    const serial = ++this.externalSerial;
    const mixed = (serial * 69_621 + 31_337) % 1_000_000_000_000;
    const kind = PAYEE_KINDS[rng.weighted(PAYEE_CUM)]!;
    return { account: `${issuer.code}${String(mixed).padStart(12, '0')}`, name: personName(rng), bank: issuer.code, median: kind.median * rng.logNormal(1, 0.4), memo: rng.pick(kind.memos) };
  }

  /** Another customer of a member bank, as a payee of `c`. */
  internalPayee(c: Customer): Payee {
    const rng = this.rng;
    let other = this.customers[rng.int(this.customers.length)]!;
    if (other === c) other = this.customers[(this.customers.indexOf(c) + 1) % this.customers.length]!;
    const kind = PAYEE_KINDS[rng.weighted(PAYEE_CUM)]!;
    return { account: other.accounts[0]!, name: other.name, bank: other.bank.name, median: kind.median * rng.logNormal(1, 0.4), memo: rng.pick(kind.memos) };
  }

  /** A mule account (of a recruited customer or at another issuer) that fraud proceeds are sent to. */
  muleAccount(): Payee {
    const rng = this.rng;
    if (this.muleCustomers.length && rng.chance(0.5)) {
      const m = rng.pick(this.muleCustomers);
      return { account: m.accounts[0]!, name: m.name, bank: m.bank.name, median: 0, memo: '' };
    }
    return rng.pick(this.externalMules);
  }

  randomCustomer(): Customer {
    return this.customers[this.rng.int(this.customers.length)]!;
  }

  /** A customer id of the bank that no customer has (yet): what credential lists are full of. */
  unknownCustomerId(bankIdx: number): string {
    const bank = this.banks[bankIdx]!;
    // Serials from 90,000,000 up are never handed out, so the id never becomes a real customer later.
    return `C${bank.code}${90_000_000 + this.rng.int(10_000_000)}`;
  }

  /** A fresh customer id of the bank, for accounts opened by fraud rings (never active afterwards). */
  nextCustomerId(bankIdx: number): string {
    const bank = this.banks[bankIdx]!;
    return `C${bank.code}${String(++this.customerSerial[bankIdx]!).padStart(8, '0')}`;
  }

  mobileIp(d: CityData): string {
    return d.mobileIps[this.rng.int(d.mobileIps.length)]!;
  }

  randomChineseCity(): CityData {
    return this.chinese[this.rng.weighted(this.chineseCum)]!;
  }

  randomForeignCity(): CityData {
    return this.foreign[this.rng.weighted(this.foreignCum)]!;
  }
}
