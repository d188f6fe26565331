/** Latin letters that no Unicode decomposition reduces to ASCII. */
const LATIN_FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ħ: 'h' };
const LATIN_FOLD_RE = new RegExp(`[${Object.keys(LATIN_FOLD).join('')}]`, 'g');
/** Accents on Latin letters only: stripping marks elsewhere would change kana, Hangul or Indic names. */
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
/** Apostrophes and periods join (O'Brien → obrien, J.R. → jr); other punctuation separates. */
const JOINING = /['’‘`´ʼ.]/g;
const SEPARATING = /[\p{P}\p{S}\p{Cc}\s]+/gu;
/** Chinese, Japanese and Korean names are written with or without spaces between characters. */
const CJK_SPACE = /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]) (?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;

/**
 * Normalises a person or company name for matching: NFKC (full-width forms), lowercase, Latin
 * accents stripped (é → e, ß → ss), apostrophes and periods dropped, other punctuation and runs
 * of whitespace turned into one space, spaces between CJK characters removed. Chinese characters
 * are kept as they are (traditional and simplified forms are not unified).
 *
 * @example normaliseName('  José  O’Brien-Smith ') // 'jose obrien smith'
 * @example normaliseName('张 伟') // '张伟'
 */
export function normaliseName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase();
  s = s.replace(LATIN_FOLD_RE, (c) => LATIN_FOLD[c]!);
  s = s.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC');
  s = s.replace(JOINING, '').replace(SEPARATING, ' ').trim();
  return s.replace(CJK_SPACE, '');
}
