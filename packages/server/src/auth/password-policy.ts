import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_HISTORY = 5;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The spec's password policy: at least 12 characters from at least three of lower case, upper
 * case, digits and symbols, not containing the username. Returns the problems found.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push('must mix at least three of: lower case, upper case, digits, symbols');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('must not contain the username');
  return problems;
}

/** argon2id with the library's defaults (19 MiB, 2 passes): the OWASP-recommended baseline. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Whether the password was one of the recent ones (the history keeps their hashes only). */
export async function reusedPassword(history: string[], password: string): Promise<boolean> {
  for (const h of history) if (await verifyPassword(h, password)) return true;
  return false;
}
