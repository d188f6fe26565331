/** A city where people live, shop and travel. Coordinates are city centres (WGS 84). */
export interface City {
  key: string;
  name: string;
  country: string;
  lat: number;
  lon: number;
  /** Hours ahead of UTC (standard time), for the local hour of fraud abroad. */
  utcOffset: number;
  /** Relative size, for where people live and travel. */
  weight: number;
  /** First six digits of resident identity numbers issued there (Chinese cities). */
  areaCode?: string;
  /** Zhejiang province, the home region of the default member banks. */
  zhejiang?: boolean;
}

const cn = (key: string, name: string, lat: number, lon: number, weight: number, areaCode: string, zhejiang = false): City => ({
  key,
  name,
  country: 'CN',
  lat,
  lon,
  utcOffset: 8,
  weight,
  areaCode,
  zhejiang,
});
const abroad = (key: string, name: string, country: string, lat: number, lon: number, utcOffset: number, weight: number): City => ({
  key,
  name,
  country,
  lat,
  lon,
  utcOffset,
  weight,
});

/** Chinese cities: the Zhejiang cities where the member banks operate, then large cities elsewhere. */
export const CHINESE_CITIES: readonly City[] = [
  cn('hangzhou', 'Hangzhou', 30.2741, 120.1551, 12, '330106', true),
  cn('ningbo', 'Ningbo', 29.8683, 121.544, 9, '330203', true),
  cn('wenzhou', 'Wenzhou', 27.9938, 120.6994, 9, '330302', true),
  cn('shaoxing', 'Shaoxing', 30.0023, 120.581, 5, '330602', true),
  cn('jiaxing', 'Jiaxing', 30.7522, 120.7555, 5, '330402', true),
  cn('huzhou', 'Huzhou', 30.8943, 120.0868, 3, '330502', true),
  cn('jinhua', 'Jinhua', 29.079, 119.6474, 7, '330702', true),
  cn('taizhou_zj', 'Taizhou', 28.6561, 121.4208, 6, '331002', true),
  cn('zhoushan', 'Zhoushan', 29.9853, 122.2072, 1, '330902', true),
  cn('quzhou', 'Quzhou', 28.97, 118.8595, 2, '330802', true),
  cn('lishui', 'Lishui', 28.4517, 119.9229, 2, '331102', true),
  cn('shanghai', 'Shanghai', 31.2304, 121.4737, 25, '310101'),
  cn('beijing', 'Beijing', 39.9042, 116.4074, 22, '110101'),
  cn('shenzhen', 'Shenzhen', 22.5431, 114.0579, 18, '440303'),
  cn('guangzhou', 'Guangzhou', 23.1291, 113.2644, 19, '440103'),
  cn('chengdu', 'Chengdu', 30.5728, 104.0668, 21, '510104'),
  cn('chongqing', 'Chongqing', 29.563, 106.5516, 20, '500101'),
  cn('wuhan', 'Wuhan', 30.5928, 114.3055, 13, '420102'),
  cn('nanjing', 'Nanjing', 32.0603, 118.7969, 9, '320102'),
  cn('suzhou', 'Suzhou', 31.299, 120.5853, 13, '320505'),
  cn('xian', "Xi'an", 34.3416, 108.9398, 13, '610102'),
  cn('tianjin', 'Tianjin', 39.3434, 117.3616, 14, '120101'),
  cn('xiamen', 'Xiamen', 24.4798, 118.0894, 5, '350203'),
  cn('fuzhou', 'Fuzhou', 26.0745, 119.2965, 8, '350102'),
  cn('kunming', 'Kunming', 25.0389, 102.7183, 8, '530102'),
  cn('harbin', 'Harbin', 45.8038, 126.535, 10, '230102'),
  cn('sanya', 'Sanya', 18.2528, 109.5119, 1, '460202'),
  cn('qingdao', 'Qingdao', 36.0671, 120.3826, 10, '370202'),
  cn('changsha', 'Changsha', 28.2282, 112.9388, 10, '430102'),
  cn('zhengzhou', 'Zhengzhou', 34.7466, 113.6254, 12, '410102'),
  cn('hefei', 'Hefei', 31.8206, 117.2272, 9, '340102'),
];

/** Destinations of holidays and business trips abroad, and where stolen cards are cashed out. */
export const FOREIGN_CITIES: readonly City[] = [
  abroad('hongkong', 'Hong Kong', 'HK', 22.3193, 114.1694, 8, 10),
  abroad('macau', 'Macau', 'MO', 22.1987, 113.5439, 8, 4),
  abroad('bangkok', 'Bangkok', 'TH', 13.7563, 100.5018, 7, 8),
  abroad('singapore', 'Singapore', 'SG', 1.3521, 103.8198, 8, 6),
  abroad('tokyo', 'Tokyo', 'JP', 35.6762, 139.6503, 9, 8),
  abroad('osaka', 'Osaka', 'JP', 34.6937, 135.5023, 9, 4),
  abroad('seoul', 'Seoul', 'KR', 37.5665, 126.978, 9, 6),
  abroad('kualalumpur', 'Kuala Lumpur', 'MY', 3.139, 101.6869, 8, 3),
  abroad('dubai', 'Dubai', 'AE', 25.2048, 55.2708, 4, 2),
  abroad('london', 'London', 'GB', 51.5074, -0.1278, 0, 3),
  abroad('paris', 'Paris', 'FR', 48.8566, 2.3522, 1, 3),
  abroad('newyork', 'New York', 'US', 40.7128, -74.006, -5, 2),
  abroad('losangeles', 'Los Angeles', 'US', 34.0522, -118.2437, -8, 2),
  abroad('sydney', 'Sydney', 'AU', -33.8688, 151.2093, 10, 2),
  abroad('moscow', 'Moscow', 'RU', 55.7558, 37.6173, 3, 1),
  abroad('istanbul', 'Istanbul', 'TR', 41.0082, 28.9784, 3, 1),
  abroad('lagos', 'Lagos', 'NG', 6.5244, 3.3792, 1, 0.3),
  abroad('saopaulo', 'Sao Paulo', 'BR', -23.5505, -46.6333, -3, 0.5),
  abroad('manila', 'Manila', 'PH', 14.5995, 120.9842, 8, 1),
  abroad('phnompenh', 'Phnom Penh', 'KH', 11.5564, 104.9282, 7, 0.5),
  abroad('bucharest', 'Bucharest', 'RO', 44.4268, 26.1025, 2, 0.5),
  abroad('mexicocity', 'Mexico City', 'MX', 19.4326, -99.1332, -6, 0.5),
];

/** Cities where stolen card data is typically cashed out (counterfeit cards, skimmed data). */
export const CASH_OUT_CITIES: readonly string[] = ['bangkok', 'kualalumpur', 'manila', 'phnompenh', 'dubai', 'lagos', 'saopaulo', 'bucharest', 'mexicocity', 'moscow', 'istanbul', 'losangeles', 'newyork', 'london', 'macau'];

export const ALL_CITIES: readonly City[] = [...CHINESE_CITIES, ...FOREIGN_CITIES];

const EARTH_KM = 6371;

/** Great-circle distance in kilometres. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Door-to-door hours for a trip: high-speed rail below 800 km, a flight above (with the time to
 * get to and through the airports), so that a legitimate traveller never looks like impossible travel.
 */
export function travelHours(km: number): number {
  return km < 800 ? 1 + km / 250 : 3 + km / 750;
}

/** Rounds a coordinate to 5 decimals (about a metre), so the JSON stays short. */
export function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
