import { isPanShaped, maskPan, type PanTokenizer } from '@vigil/engine';
import { AppError, type ErrorDetail } from '../errors.ts';
import { cardNumberIssue, holdsCardNumber } from '../card-numbers.ts';

const TOKEN = /^tok_[A-Za-z0-9_-]{1,64}$/;

/**
 * The stored form of a subject (or a linked entity): a card is kept as its token — a card number
 * given is tokenised with the node's key (the same token the decision log holds) and shown masked,
 * never stored. Any other key is kept as given (trimmed) but must not hold a card number; the
 * display defaults to the key (a card's masked number). Problems are pushed to `issues` at their
 * paths; the result is undefined when there are any.
 *
 * @example caseSubject(tokenizer, 'card', '6222021234567890123', undefined, …) // {key: 'tok_…', display: '622202*********0123'}
 */
export function caseSubject(
  tokenizer: PanTokenizer,
  type: string,
  rawKey: string,
  rawDisplay: string | undefined | null,
  issues: ErrorDetail[],
  paths: { key: string; display: string } = { key: 'subjectKey', display: 'subjectDisplay' },
): { key: string; display: string } | undefined {
  const key = rawKey.trim();
  const display = rawDisplay?.trim() || undefined;
  const before = issues.length;
  if (display !== undefined && holdsCardNumber(display)) issues.push(cardNumberIssue(paths.display));
  let out: { key: string; display: string } | undefined;
  if (!key) issues.push({ path: paths.key, code: 'EMPTY_VALUE', message: 'the subject key is empty' });
  else if (type === 'card') {
    if (TOKEN.test(key)) out = { key, display: display ?? `${key.slice(0, 10)}…` };
    else if (isPanShaped(key)) out = { key: tokenizer.tokenize(key), display: display ?? maskPan(key) };
    else issues.push({ path: paths.key, code: 'INVALID_VALUE', message: 'a card is named by its number (stored only as its token) or by its token (tok_…)' });
  } else if (holdsCardNumber(key)) issues.push(cardNumberIssue(paths.key));
  else out = { key, display: display ?? key };
  return issues.length === before ? out : undefined;
}

/** Throws the problems found for one subject: a card number where it may not be is `SENSITIVE_DATA_REFUSED`. */
export function throwIssues(issues: ErrorDetail[]): never {
  const sensitive = issues.some((i) => i.code === 'CARD_NUMBER_REFUSED');
  throw new AppError(sensitive ? 'SENSITIVE_DATA_REFUSED' : 'VALIDATION_FAILED', issues[0]!.message, { details: issues });
}
