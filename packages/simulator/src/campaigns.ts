/** A marketing campaign customers claim coupons or cash-back from. */
export interface Campaign {
  id: string;
  /** Coupon value in CNY. */
  value: number;
  /** Only for customers who registered in the last 7 days (what device farms go after). */
  newUsersOnly: boolean;
  /** Relative popularity among ordinary customers. */
  weight: number;
}

export const CAMPAIGNS: readonly Campaign[] = [
  { id: 'new_user_gift', value: 30, newUsersOnly: true, weight: 0 },
  { id: 'dining_weekend', value: 10, newUsersOnly: false, weight: 5 },
  { id: 'fuel_cashback', value: 15, newUsersOnly: false, weight: 3 },
  { id: 'double11_coupon', value: 50, newUsersOnly: false, weight: 2 },
  { id: 'utility_bill_5', value: 5, newUsersOnly: false, weight: 4 },
  { id: 'supermarket_8', value: 8, newUsersOnly: false, weight: 4 },
];

export const NEW_USER_CAMPAIGN = CAMPAIGNS[0]!;
export const ORDINARY_CAMPAIGNS = CAMPAIGNS.filter((c) => !c.newUsersOnly);
