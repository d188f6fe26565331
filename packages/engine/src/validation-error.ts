/** One problem found in input data or a definition, with the path of the field at fault. */
export interface Issue {
  path: string;
  code: string;
  message: string;
}

/** Thrown when data or a definition is refused; carries every issue found, not only the first. */
export class ValidationError extends Error {
  readonly code: string;
  readonly issues: Issue[];
  constructor(code: string, issues: Issue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'ValidationError';
    this.code = code;
    this.issues = issues;
  }
}
