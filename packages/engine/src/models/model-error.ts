/** A model call refused, e.g. `MODEL_INPUTS` when the inputs do not match the definition. */
export class ModelError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
  }
}
