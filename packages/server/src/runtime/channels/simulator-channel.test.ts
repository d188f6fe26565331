import { describe, expect, it } from 'vitest';
import type { OutboundAction } from './channel-adapter.ts';
import { CALL_OUTCOMES, SimulatorChannel, simulatedCallOutcome } from './simulator-channel.ts';

const action = (over: Partial<OutboundAction> = {}): OutboundAction => ({ id: 'a-1', orgId: 'bank_a', type: 'sms', kind: null, params: { text: '您的银行卡交易提醒' }, context: {}, attempt: 1, createdAt: new Date(0), ...over });

describe('the simulator channel', () => {
  const sim = new SimulatorChannel();

  it('answers an SMS like a gateway: a stable message id, delivered, and its segments', async () => {
    const r = await sim.send(action());
    expect(r).toMatchObject({ ok: true, result: { messageId: expect.stringMatching(/^SIMSMS-[0-9A-F]{12}$/), deliveryStatus: 'delivered', segments: 1 } });
    expect(await sim.send(action())).toEqual(r);
    expect(await sim.send(action({ id: 'a-3' }))).not.toEqual(r);
    const long = await sim.send(action({ id: 'a-2', params: { text: 'x'.repeat(161) } }));
    expect(long.ok && long.result.segments).toBe(2);
  });

  it('answers a robot call with an outcome that depends only on the action id, mostly answered', async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const id = `call-${i}`;
      const r = await sim.send(action({ id, type: 'call', kind: 'robot', params: {} }));
      expect(r.ok).toBe(true);
      const outcome = r.ok ? String(r.result.outcome) : '';
      expect(CALL_OUTCOMES).toContain(outcome);
      expect(outcome).toBe(simulatedCallOutcome(id));
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }
    expect(counts.get('answered_confirmed_genuine')! + counts.get('answered_denied')!).toBeGreaterThan(650);
    expect(counts.get('no_answer')).toBeGreaterThan(50);
    expect(new Set(counts.keys()).size).toBe(CALL_OUTCOMES.length);
  });

  it('answers controls with a reference of the core system', async () => {
    for (const [kind, prefix] of [['freeze_card', 'SIMFRZ-'], ['suspend_account', 'SIMSUS-'], ['limit_channel', 'SIMLIM-']] as const) {
      const r = await sim.send(action({ type: 'control', kind, params: {} }));
      expect(r.ok && r.result).toMatchObject({ status: 'applied', kind });
      expect(r.ok && String(r.result.reference).startsWith(prefix)).toBe(true);
    }
  });

  it('fails on request: the first attempts retryably, or every attempt for good', async () => {
    const flaky = (attempt: number) => sim.send(action({ attempt, params: { text: 'x', simulate: { failAttempts: 2 } } }));
    expect(await flaky(1)).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(await flaky(2)).toMatchObject({ ok: false, retryable: true });
    expect(await flaky(3)).toMatchObject({ ok: true });
    expect(await sim.send(action({ attempt: 7, params: { simulate: { permanent: true } } }))).toMatchObject({ ok: false, retryable: false, status: 422 });
  });
});
