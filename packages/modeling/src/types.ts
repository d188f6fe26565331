/**
 * Shared shapes of the modelling toolkit. Datasets are column-oriented: numeric and date columns
 * are Float64Arrays with NaN for a missing value, categorical columns are string arrays with null
 * for a missing value, and a binary target is a Uint8Array of 1 (event, "bad") and 0 ("good").
 *
 * WOE sign convention (stored with every binning and model as {@link WOE_CONVENTION}):
 * WOE = ln(share of all goods in the bin / share of all bads in the bin). A positive WOE means a
 * lower risk than average; a logistic regression predicting "bad" on WOE inputs therefore gets
 * negative coefficients.
 */
export const WOE_CONVENTION = 'ln(%good/%bad)' as const;

export interface NumericColumn {
  name: string;
  type: 'numeric';
  values: Float64Array;
}

export interface CategoricalColumn {
  name: string;
  type: 'categorical';
  values: Array<string | null>;
}

/** Dates as epoch milliseconds (UTC); NaN when missing. */
export interface DateColumn {
  name: string;
  type: 'date';
  values: Float64Array;
}

export type Column = NumericColumn | CategoricalColumn | DateColumn;
export type ColumnType = Column['type'];

export interface Dataset {
  rows: number;
  columns: Column[];
}

/** One bin of a characteristic with its counts and statistics. */
export interface Bin {
  /** Human label, e.g. `[1000, 2500)`, `< 1000`, `>= 2500`, `A11, A12`, `Missing`, `Special: -1`. */
  label: string;
  kind: 'range' | 'categories' | 'missing' | 'special';
  /** Range bins: lower bound (inclusive); absent for an open lower end. */
  min?: number;
  /** Range bins: upper bound (exclusive); absent for an open upper end. */
  max?: number;
  /** Categories bins: the categories it holds; special bins: the special values. */
  values?: Array<string | number>;
  /**
   * Categories bins: true for the bin holding the rare categories merged into "Other"; categories
   * not seen in training are assigned to it at scoring time.
   */
  other?: boolean;
  count: number;
  bad: number;
  good: number;
  /** bad / count (0 for an empty bin). */
  eventRate: number;
  /** Per {@link WOE_CONVENTION}; finite always (zero counts are smoothed, see woe.ts). */
  woe: number;
  /** This bin's IV contribution: (%good − %bad) · WOE. */
  iv: number;
}

export type IvBand = 'useless' | 'weak' | 'medium' | 'strong' | 'suspicious';

export type MonotonicTrend = 'ascending' | 'descending' | 'auto' | 'peak' | 'valley' | 'none';

/** The binning of one variable. */
export interface VariableBinning {
  name: string;
  type: 'numeric' | 'categorical';
  /** Range bins first (ascending) or category groups, then the special bins, then the missing bin. */
  bins: Bin[];
  iv: number;
  ivBand: IvBand;
  /** Numeric: the inner cut points of the range bins, ascending (n cuts → n + 1 range bins). */
  breaks?: number[];
  /** Numeric: the event-rate trend of the range bins as fitted (`auto` resolved). */
  trend?: MonotonicTrend;
  method: 'optimal' | 'chimerge' | 'quantile' | 'manual' | 'categorical';
}
