/** Runs of 13–19 digits, possibly grouped by spaces or dashes, as card numbers are written. */
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}/g;

/** True when the digits pass the Luhn check (as card numbers do). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Masks anything in free text that looks like a card number (13–19 digits passing the Luhn
 * check) to its first 6 and last 4 digits, so an export never carries one by accident.
 *
 * @example maskCardNumbers('stolen card 4111 1111 1111 1111') // 'stolen card 411111******1111'
 */
export function maskCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const d = run.replace(/[ -]/g, '');
    return luhnValid(d) ? d.slice(0, 6) + '*'.repeat(d.length - 10) + d.slice(-4) : run;
  });
}
