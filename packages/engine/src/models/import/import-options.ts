/** What every importer takes. */
export interface ImportOptions {
  /** The model's id in strategies. */
  id: string;
  name?: string;
  /**
   * The CEL expression feeding each model feature: a list in the model's feature order, or an
   * object by feature name. Default: the feature names themselves, which suits models trained on
   * columns named like `event.amount`. By name, a feature no split uses may be left out (it reads
   * `null`, i.e. missing).
   */
  inputs?: string[] | Record<string, string>;
  /**
   * Category names by feature, each list in code order (pandas `cat.categories`), so that string
   * inputs of categorical features map to the codes the trees split on.
   */
  categoryNames?: Record<string, string[]>;
  /** The score: see {@link TreeModel}'s `output`. */
  output?: 'probability' | 'margin' | 'score';
  scoreScale?: { base: number; baseOdds: number; pdo: number };
}
