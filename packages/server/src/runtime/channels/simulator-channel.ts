import { createHash } from 'node:crypto';
import type { AdapterResult, ChannelAdapter, OutboundAction } from './channel-adapter.ts';

/** Outcomes of a call, as an IVR robot or a person reports them. */
export const CALL_OUTCOMES = ['answered_confirmed_genuine', 'answered_denied', 'no_answer', 'busy', 'invalid_number', 'voicemail'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** How the simulated robot's calls go, out of 100: mostly answered, some not. */
const CALL_SPREAD: Array<[CallOutcome, number]> = [
  ['answered_confirmed_genuine', 60],
  ['answered_denied', 15],
  ['no_answer', 12],
  ['busy', 6],
  ['voicemail', 4],
  ['invalid_number', 3],
];

/** A stable number in [0, 100) from an action id, so a given action always gets the same answer. */
function bucket(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % 100;
}

function ref(prefix: string, id: string): string {
  return `${prefix}-${createHash('sha256').update(id).digest('hex').slice(0, 12).toUpperCase()}`;
}

/** The robot's outcome of a call, deterministic from the action id. */
export function simulatedCallOutcome(actionId: string): CallOutcome {
  let b = bucket(actionId);
  for (const [outcome, share] of CALL_SPREAD) {
    if (b < share) return outcome;
    b -= share;
  }
  return 'answered_confirmed_genuine';
}

/**
 * Failures to inject, from the action's `params.simulate`: the first `failAttempts` attempts fail
 * as a gateway outage would (retryable), or every attempt fails for good with `permanent`.
 */
interface Simulate {
  failAttempts?: number;
  permanent?: boolean;
}

/**
 * The built-in stand-in for an SMS gateway, an IVR robot and a core-banking system, for
 * development and the demo: it answers at once, as they would, with results that depend only on
 * the action id (tests are stable). `params.simulate` makes it fail, to show retries.
 */
export class SimulatorChannel implements ChannelAdapter {
  async send(action: OutboundAction): Promise<AdapterResult> {
    const request = { simulator: true, type: action.type, kind: action.kind, attempt: action.attempt, params: action.params };
    const sim = (action.params.simulate ?? {}) as Simulate;
    if (sim.permanent) return { ok: false, retryable: false, status: 422, error: 'simulated permanent failure (params.simulate.permanent)', exchange: { request, status: 422 } };
    if (sim.failAttempts && action.attempt <= sim.failAttempts) {
      return { ok: false, retryable: true, status: 503, error: `simulated outage (attempt ${action.attempt} of the first ${sim.failAttempts} fails)`, exchange: { request, status: 503 } };
    }
    const result = this.answer(action);
    return { ok: true, result, exchange: { request, status: 200, response: JSON.stringify(result) } };
  }

  private answer(a: OutboundAction): Record<string, unknown> {
    switch (a.type) {
      case 'sms': {
        const text = typeof a.params.text === 'string' ? a.params.text : '';
        // 70 characters per segment for Chinese (UCS-2), 160 for plain ASCII.
        const perSegment = /^[\x20-\x7e\n]*$/.test(text) ? 160 : 70;
        return { messageId: ref('SIMSMS', a.id), deliveryStatus: 'delivered', segments: Math.max(1, Math.ceil([...text].length / perSegment)) };
      }
      case 'call': {
        const outcome = simulatedCallOutcome(a.id);
        return { callId: ref('SIMCALL', a.id), outcome, durationSec: outcome.startsWith('answered') ? 20 + (bucket(`${a.id}:d`) % 60) : 0 };
      }
      case 'test':
        return { pong: true };
      case 'control':
        return { reference: ref(a.kind === 'freeze_card' ? 'SIMFRZ' : a.kind === 'suspend_account' ? 'SIMSUS' : 'SIMLIM', a.id), status: 'applied', kind: a.kind };
    }
  }
}
