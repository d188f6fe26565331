/** Why the sign-in page is shown, and where to go back to afterwards. */
export interface LoginState {
  reason?: 'expired' | 'signedOut';
  from?: string;
}

export function loginState(state: unknown): LoginState {
  if (!state || typeof state !== 'object') return {};
  const s = state as Record<string, unknown>;
  return {
    reason: s.reason === 'expired' || s.reason === 'signedOut' ? s.reason : undefined,
    // Only paths of this console: never an absolute URL to elsewhere.
    from: typeof s.from === 'string' && s.from.startsWith('/') && !s.from.startsWith('//') ? s.from : undefined,
  };
}
