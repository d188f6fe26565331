/** A merchant category: its MCC, how often people pay there and what they usually spend (CNY). */
export interface MerchantCategory {
  mcc: string;
  label: string;
  /** Share of card-present merchants of this category. */
  weight: number;
  median: number;
  sigma: number;
}

/** Card-present categories of everyday life. */
export const LOCAL_CATEGORIES: readonly MerchantCategory[] = [
  { mcc: '5411', label: 'supermarket', weight: 20, median: 85, sigma: 0.8 },
  { mcc: '5812', label: 'restaurant', weight: 20, median: 75, sigma: 0.7 },
  { mcc: '5814', label: 'fast food', weight: 10, median: 32, sigma: 0.5 },
  { mcc: '5541', label: 'fuel', weight: 6, median: 300, sigma: 0.4 },
  { mcc: '5311', label: 'department store', weight: 5, median: 320, sigma: 0.9 },
  { mcc: '5912', label: 'pharmacy', weight: 5, median: 60, sigma: 0.7 },
  { mcc: '5999', label: 'retail', weight: 6, median: 120, sigma: 0.9 },
  { mcc: '4111', label: 'transit', weight: 6, median: 8, sigma: 0.6 },
  { mcc: '5691', label: 'clothing', weight: 4, median: 380, sigma: 0.7 },
  { mcc: '5732', label: 'electronics', weight: 2, median: 1500, sigma: 0.9 },
  { mcc: '7011', label: 'hotel', weight: 2, median: 600, sigma: 0.6 },
  { mcc: '8062', label: 'hospital', weight: 2, median: 300, sigma: 1.0 },
  { mcc: '5944', label: 'jewellery', weight: 0.5, median: 3000, sigma: 0.8 },
];

/** Online categories (card not present). */
export const ECOM_CATEGORIES: readonly MerchantCategory[] = [
  { mcc: '5999', label: 'marketplace', weight: 30, median: 110, sigma: 0.9 },
  { mcc: '5311', label: 'online department store', weight: 15, median: 200, sigma: 0.9 },
  { mcc: '5732', label: 'online electronics', weight: 6, median: 900, sigma: 1.0 },
  { mcc: '4814', label: 'telecom top-up', weight: 12, median: 50, sigma: 0.5 },
  { mcc: '5815', label: 'digital goods', weight: 10, median: 30, sigma: 0.8 },
  { mcc: '4722', label: 'travel agency', weight: 5, median: 900, sigma: 0.8 },
  { mcc: '5814', label: 'food delivery', weight: 20, median: 40, sigma: 0.5 },
];

/** Categories where stolen cards are cashed out abroad: jewellery, electronics, quasi-cash, gambling, luxury. */
export const CASH_OUT_CATEGORIES: readonly MerchantCategory[] = [
  { mcc: '5944', label: 'jewellery', weight: 5, median: 9000, sigma: 0.6 },
  { mcc: '5732', label: 'electronics', weight: 5, median: 7000, sigma: 0.6 },
  { mcc: '6051', label: 'quasi-cash', weight: 3, median: 5000, sigma: 0.5 },
  { mcc: '7995', label: 'gambling', weight: 2, median: 8000, sigma: 0.7 },
  { mcc: '5311', label: 'department store', weight: 3, median: 4000, sigma: 0.7 },
  { mcc: '5691', label: 'luxury clothing', weight: 2, median: 6000, sigma: 0.6 },
];

/** Merchants that card testers use: donations, digital goods, low-value subscriptions. */
export const TESTING_CATEGORIES: readonly MerchantCategory[] = [
  { mcc: '8398', label: 'charity', weight: 3, median: 1, sigma: 0.5 },
  { mcc: '5815', label: 'digital goods', weight: 4, median: 2, sigma: 0.5 },
  { mcc: '5967', label: 'direct marketing', weight: 2, median: 2, sigma: 0.5 },
  { mcc: '4816', label: 'online services', weight: 2, median: 2, sigma: 0.5 },
];
