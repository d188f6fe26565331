/** A feature definition or store input refused; `code` is stable (e.g. `FEATURE_WINDOW`). */
export class FeatureError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'FeatureError';
    this.code = code;
  }
}
