import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxItem } from '../src/repos/inbox.ts';
import type { ChangeTopic } from '../src/repos/changes.ts';
import { connectNats, sleep, type NatsLink, type NatsLog } from '../src/scaleout/nats-link.ts';
import { NatsChangeBus } from '../src/scaleout/nats-changes.ts';
import { JetStreamIntake, type IntakeDelivery, type IntakeHandler, type IntakeOutcome } from '../src/scaleout/nats-intake.ts';
import { DecisionStreamPublisher } from '../src/scaleout/nats-decision-stream.ts';
import { OwnServer } from './own-services.ts';

const SHARED_URL = 'nats://127.0.0.1:4222';

const logged: Array<{ level: string; o: object; msg: string }> = [];
const log: NatsLog = {
  info: (o, msg) => logged.push({ level: 'info', o, msg }),
  warn: (o, msg) => logged.push({ level: 'warn', o, msg }),
  error: (o, msg) => logged.push({ level: 'error', o, msg }),
};

function item(eventId: string, eventType = 'payment', orgId = 'org_a'): InboxItem {
  return {
    eventType,
    eventId,
    orgId,
    payloadHash: `h-${eventId}`,
    body: { eventId, occurredAt: null, at: Date.now(), prepared: { fields: { amount: 1 } } as never },
  };
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What each node's intake handler did, and per-event behaviour overrides. */
interface Handled {
  node: string;
  eventId: string;
  deliveryCount: number;
}
const handled: Handled[] = [];
const behaviour = new Map<string, (node: string, info: IntakeDelivery) => Promise<IntakeOutcome>>();
function handlerFor(node: string): IntakeHandler {
  return async (it, info) => {
    const special = behaviour.get(it.eventId);
    if (special) return special(node, info);
    await sleep(Math.random() * 2);
    handled.push({ node, eventId: it.eventId, deliveryCount: info.deliveryCount });
    return 'done';
  };
}
const handledOf = (prefix: string) => handled.filter((h) => h.eventId.startsWith(prefix));

describe('NATS adapters on the shared server', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const intakeOpts = { ackWaitMs: 2000, retryDelayMs: () => 300 };
  let a: NatsLink;
  let b: NatsLink;
  let c: NatsLink | null = null;
  let intakeA: JetStreamIntake;
  let intakeB: JetStreamIntake;
  let intakeC: JetStreamIntake | null = null;
  let busA: NatsChangeBus;
  let busB: NatsChangeBus;
  let pub: DecisionStreamPublisher;

  beforeAll(async () => {
    a = await connectNats({ url: SHARED_URL, name: 'node-a', prefix, timeoutMs: 2000 }, log);
    b = await connectNats({ url: SHARED_URL, name: 'node-b', prefix, timeoutMs: 2000 }, log);
    // No skipping: without the server these tests must fail.
    expect(a.connected, `NATS must be reachable at ${SHARED_URL}`).toBe(true);
    expect(b.connected).toBe(true);
    intakeA = new JetStreamIntake(a, intakeOpts);
    intakeB = new JetStreamIntake(b, intakeOpts);
    busA = new NatsChangeBus(a);
    busB = new NatsChangeBus(b);
    pub = new DecisionStreamPublisher(a, { maxQueue: 1000 });
    await a.ensureStreams();
    await b.ensureStreams();
    expect(a.ready && b.ready).toBe(true);
  });

  afterAll(async () => {
    await intakeA?.stop(2000);
    await intakeB?.stop(2000);
    await intakeC?.stop(100);
    await busA?.close();
    await busB?.close();
    await pub?.close(1000);
    if (a?.connected) {
      for (const s of Object.values(a.streams)) await a.jsm().streams.delete(s).catch(() => undefined);
    }
    await c?.close();
    await a?.close();
    await b?.close();
  });

  it('names streams and subjects from the prefix and creates them', async () => {
    const up = prefix.toUpperCase();
    expect(a.streams).toEqual({ events: `${up}_EVENTS`, decisions: `${up}_DECISIONS`, changes: `${up}_CHANGES` });
    const events = await a.jsm().streams.info(a.streams.events);
    expect(events.config).toMatchObject({ retention: 'workqueue', storage: 'file', subjects: [`${prefix}.events.>`], duplicate_window: 600_000_000_000 });
    const ci = await a.jsm().consumers.info(a.streams.events, `${prefix}-intake`);
    expect(ci.config).toMatchObject({ ack_policy: 'explicit', ack_wait: 2_000_000_000, max_deliver: 10, max_ack_pending: 1000 });
    const decisions = await a.jsm().streams.info(a.streams.decisions);
    expect(decisions.config).toMatchObject({ retention: 'limits', max_age: 7 * 24 * 3600 * 1e9, max_bytes: 1024 ** 3 });
    const changes = await a.jsm().streams.info(a.streams.changes);
    expect(changes.config).toMatchObject({ retention: 'limits', max_age: 3600 * 1e9, max_msgs_per_subject: 5 });
    expect(a.subject('decisions', 'card.auth')).toBe(`${prefix}.decisions.card_auth`);
    // Idempotent.
    await a.ensureStreams();
  });

  it('delivers a change published on one node to the other within a second', async () => {
    const gotA: Array<[ChangeTopic, string]> = [];
    const gotB: Array<[ChangeTopic, string]> = [];
    busA.subscribe((t, o) => gotA.push([t, o]));
    busB.subscribe((t, o) => gotB.push([t, o]));
    expect(await busA.waitSubscribed(5000)).toBe(true);
    expect(await busB.waitSubscribed(5000)).toBe(true);
    const t0 = Date.now();
    await busA.publish('strategies', 'node-a');
    await until(() => gotB.length === 1, 1000, 'the change on node b');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(gotB[0]).toEqual(['strategies', 'node-a']);
    await busB.publish('lists', 'node-b');
    await busB.publish('models', 'node-b');
    await until(() => gotA.length === 3 && gotB.length === 3, 1000, 'both changes on both nodes');
    expect(gotA).toEqual([
      ['strategies', 'node-a'],
      ['lists', 'node-b'],
      ['models', 'node-b'],
    ]);
  });

  it('shares 1000 accepted events between two nodes: duplicates reported, each event handled once', async () => {
    intakeA.start(handlerFor('a'), { concurrency: 16 });
    intakeB.start(handlerFor('b'), { concurrency: 16 });
    const ids = Array.from({ length: 800 }, (_, i) => `bulk-${i}`);
    const all = [...ids, ...Array.from({ length: 200 }, (_, i) => ids[(i * 7) % 800]!)];
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    const t0 = Date.now();
    const chunks = Array.from({ length: 10 }, (_, k) => all.slice(k * 100, k * 100 + 100).map((id) => item(id)));
    const results = (await Promise.all(chunks.map((ch, k) => (k % 2 === 0 ? intakeA : intakeB).accept(ch)))).flat();
    expect(results.filter((r) => r === 'accepted')).toHaveLength(800);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(200);
    await until(() => handledOf('bulk-').length >= 800, 30_000, 'all events handled');
    await until(async () => (await intakeA.pending()) === 0, 5000, 'nothing pending');
    const elapsed = Date.now() - t0;
    await sleep(300);
    const done = handledOf('bulk-');
    expect(done).toHaveLength(800);
    expect(new Set(done.map((h) => h.eventId)).size).toBe(800);
    expect(done.every((h) => h.deliveryCount === 1)).toBe(true);
    const byNode = { a: done.filter((h) => h.node === 'a').length, b: done.filter((h) => h.node === 'b').length };
    expect(byNode.a).toBeGreaterThan(0);
    expect(byNode.b).toBeGreaterThan(0);
    expect(intakeA.inHand + intakeB.inHand).toBe(0);
    console.log(`intake: 1000 published (800 accepted, 200 duplicate) and handled in ${elapsed} ms, split a=${byNode.a} b=${byNode.b}`);
  });

  it('delivers again an event whose handler asks for a retry', async () => {
    const deliveries: IntakeDelivery[] = [];
    behaviour.set('retry-1', async (node, info) => {
      deliveries.push(info);
      if (info.deliveryCount === 1) return 'retry';
      handled.push({ node, eventId: 'retry-1', deliveryCount: info.deliveryCount });
      return 'done';
    });
    behaviour.set('throw-1', async (node, info) => {
      if (info.deliveryCount === 1) throw new Error('dependency down');
      handled.push({ node, eventId: 'throw-1', deliveryCount: info.deliveryCount });
      return 'done';
    });
    behaviour.set('park-1', async (node, info) => {
      handled.push({ node, eventId: 'park-1', deliveryCount: info.deliveryCount });
      return 'parked';
    });
    expect(await intakeB.accept([item('retry-1'), item('throw-1'), item('park-1')])).toEqual(['accepted', 'accepted', 'accepted']);
    await until(() => handledOf('retry-1').length + handledOf('throw-1').length + handledOf('park-1').length === 3, 10_000, 'retried events handled');
    expect(deliveries.map((d) => d.deliveryCount)).toEqual([1, 2]);
    expect(handledOf('retry-1')[0]!.deliveryCount).toBe(2);
    expect(handledOf('throw-1')[0]!.deliveryCount).toBe(2);
    expect(handledOf('park-1')[0]!.deliveryCount).toBe(1);
    await until(async () => (await intakeA.pending()) === 0, 5000, 'nothing pending');
  });

  it('redelivers to another node the events a dead node held, after the ack wait', async () => {
    await intakeA.stop();
    await intakeB.stop();
    c = await connectNats({ url: SHARED_URL, name: 'node-c', prefix, timeoutMs: 2000 }, log);
    intakeC = new JetStreamIntake(c, intakeOpts);
    await c.ensureStreams();
    const hung: Array<() => void> = [];
    for (let i = 0; i < 5; i++) {
      behaviour.set(`die-${i}`, async (node, info) => {
        if (node === 'c') return new Promise<IntakeOutcome>((resolve) => hung.push(() => resolve('done')));
        handled.push({ node, eventId: `die-${i}`, deliveryCount: info.deliveryCount });
        return 'done';
      });
    }
    intakeC.start(handlerFor('c'), { concurrency: 8 });
    await intakeA.accept(Array.from({ length: 5 }, (_, i) => item(`die-${i}`)));
    await until(() => intakeC!.inHand === 5, 5000, 'node c to take the events');
    intakeB.start(handlerFor('b'), { concurrency: 8 });
    // Node c is alive and still working on them: past the ack wait, nobody else gets them.
    await sleep(2600);
    expect(handledOf('die-')).toHaveLength(0);
    const t0 = Date.now();
    await c.close(); // node c dies without acknowledging
    await until(() => handledOf('die-').length === 5, 15_000, 'node b to receive the events');
    const waited = Date.now() - t0;
    // The ack wait runs from node c's last "still working" signal (every ack wait / 3).
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(5000);
    expect(handledOf('die-').every((h) => h.node === 'b' && h.deliveryCount >= 2)).toBe(true);
    for (const r of hung) r();
    await intakeC.stop(100);
    await until(async () => (await intakeB.pending()) === 0, 5000, 'nothing pending');
    console.log(`dead node: its 5 events reached node b ${waited} ms after it died (ack wait 2000 ms)`);
  });

  it('publishes decisions to the stream, once per decision id', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `dec-${i}`);
    for (const id of ids) pub.publish('payment', id, { decisionId: id, eventType: 'payment', outcome: 'approve', score: 1 });
    for (const id of ids.slice(0, 5)) pub.publish('payment', id, { decisionId: id, eventType: 'payment', outcome: 'approve', score: 1 });
    pub.publish('card.auth', 'dec-x', { decisionId: 'dec-x', eventType: 'card.auth' });
    expect(await pub.flush(5000)).toBe(true);
    expect(pub.published).toBe(26);
    expect(pub.dropped).toBe(0);
    const info = await a.jsm().streams.info(a.streams.decisions);
    expect(info.state.messages).toBe(21);
    const last = await a.jsm().streams.getMessage(a.streams.decisions, { last_by_subj: `${prefix}.decisions.card_auth` });
    expect(last?.json()).toEqual({ decisionId: 'dec-x', eventType: 'card.auth' });
    expect(last?.header.get('Nats-Msg-Id')).toBe('dec-x');
  });

  it('puts back a stream deleted while connected', async () => {
    await a.jsm().streams.delete(a.streams.decisions);
    pub.publish('payment', 'dec-after-delete', { decisionId: 'dec-after-delete', eventType: 'payment' });
    expect(await pub.flush(5000)).toBe(true);
    expect((await a.jsm().streams.info(a.streams.decisions)).state.messages).toBe(1);
  });
});

describe('NATS intake giving an event up', () => {
  const prefix = `g${randomBytes(5).toString('hex')}`;
  let link: NatsLink;
  let intake: JetStreamIntake;

  afterAll(async () => {
    await intake?.stop(1000);
    if (link?.connected) for (const s of Object.values(link.streams)) await link.jsm().streams.delete(s).catch(() => undefined);
    await link?.close();
  });

  it('hands an event still failing on its last delivery to onGiveUp, then removes it', async () => {
    link = await connectNats({ url: SHARED_URL, name: 'node-g', prefix, timeoutMs: 2000 }, log);
    expect(link.ready).toBe(true);
    const givenUp: Array<{ eventId: string; reason: string }> = [];
    const seen: IntakeDelivery[] = [];
    intake = new JetStreamIntake(link, {
      maxDeliver: 3,
      retryDelayMs: () => 100,
      onGiveUp: async (it, reason) => {
        givenUp.push({ eventId: it.eventId, reason: (reason as Error).message });
      },
    });
    await link.ensureStreams();
    intake.start(
      async (_it, info) => {
        seen.push(info);
        if (info.deliveryCount === 2) throw new Error('still broken');
        return 'retry';
      },
      { concurrency: 2 },
    );
    await intake.accept([item('hopeless')]);
    await until(() => givenUp.length === 1, 5000, 'the event to be given up');
    expect(seen).toEqual([
      { deliveryCount: 1, lastAttempt: false },
      { deliveryCount: 2, lastAttempt: false },
      { deliveryCount: 3, lastAttempt: true },
    ]);
    expect(givenUp).toEqual([{ eventId: 'hopeless', reason: 'handler asked for a retry' }]);
    await until(async () => (await intake.pending()) === 0, 5000, 'nothing pending');
    expect((await link.jsm().streams.info(link.streams.events)).state.messages).toBe(0);
  });
});

describe('NATS adapters through a server outage', () => {
  const prefix = `f${randomBytes(5).toString('hex')}`;
  // A NATS server of the test's own, so that stopping it touches nothing else; not started yet.
  let server: OwnServer | null = null;
  const links: NatsLink[] = [];
  let intake: JetStreamIntake | null = null;
  let pub: DecisionStreamPublisher | null = null;
  const buses: NatsChangeBus[] = [];

  afterAll(async () => {
    await intake?.stop(1000);
    await pub?.close(500);
    for (const bus of buses) await bus.close();
    for (const l of links) await l.close();
    await server?.destroy();
  });

  it('starts without the server, queues and refuses while it is down, and resumes by itself', async () => {
    server = await OwnServer.create('nats', { start: false });
    const url = server.url;

    // Server down at start: the link is created anyway and keeps trying.
    const t0 = Date.now();
    const f = await connectNats({ url, name: 'node-f', prefix, timeoutMs: 1000, reconnectWaitMs: 200 }, log);
    links.push(f);
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(f.connected).toBe(false);
    const statuses: string[] = [];
    f.onStatus((s) => statuses.push(s));
    intake = new JetStreamIntake(f, { ackWaitMs: 2000, retryDelayMs: () => 200 });
    const dropped: number[] = [];
    pub = new DecisionStreamPublisher(f, { maxQueue: 50, batchSize: 10, onDropped: (n) => dropped.push(n) });
    const busF = new NatsChangeBus(f);
    buses.push(busF);
    await expect(intake.accept([item('early')])).rejects.toMatchObject({ code: 'INTAKE_UNAVAILABLE' });

    await server.start();
    expect(await f.waitReady(10_000)).toBe(true);
    expect(statuses).toEqual(['connected', 'ready']);
    const g = await connectNats({ url, name: 'node-g', prefix, timeoutMs: 1000, reconnectWaitMs: 200 }, log);
    links.push(g);
    expect(g.ready).toBe(true);
    const busG = new NatsChangeBus(g);
    buses.push(busG);
    const changes: string[] = [];
    busG.subscribe((t, o) => changes.push(`${t}/${o}`));
    expect(await busG.waitSubscribed(5000)).toBe(true);
    intake.start(handlerFor('f'), { concurrency: 4 });

    // Working state.
    expect(await intake.accept([item('out-1')])).toEqual(['accepted']);
    await until(() => handledOf('out-1').length === 1, 5000, 'out-1 handled');
    await busF.publish('orgs', 'node-f');
    await until(() => changes.length === 1, 1000, 'the first change');

    // Outage.
    await server.stop();
    await until(() => !f.connected && !g.connected, 3000, 'the links to notice');
    expect(statuses.slice(-1)).toEqual(['disconnected']);
    const t1 = Date.now();
    const err = await intake.accept([item('out-2')]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INTAKE_UNAVAILABLE' });
    expect(Date.now() - t1).toBeLessThan(1500);
    await expect(busF.publish('lists', 'node-f')).rejects.toMatchObject({ code: 'NATS_UNAVAILABLE' });
    for (let i = 0; i < 80; i++) pub.publish('payment', `out-dec-${i}`, { decisionId: `out-dec-${i}`, eventType: 'payment', i });
    expect(pub.queued).toBe(50);
    expect(pub.dropped).toBe(30);
    await sleep(0);
    expect(dropped.reduce((x, y) => x + y, 0)).toBe(30);
    await sleep(1000);
    expect(pub.queued).toBe(50);

    // The server is back: everything resumes by itself.
    await server.start();
    const t2 = Date.now();
    expect(await f.waitReady(10_000)).toBe(true);
    expect(await g.waitReady(10_000)).toBe(true);
    const reconnectMs = Date.now() - t2;
    expect(await pub.flush(10_000)).toBe(true);
    const dec = await f.jsm().streams.info(f.streams.decisions);
    expect(dec.state.messages).toBe(50);
    const first = await f.jsm().streams.getMessage(f.streams.decisions, { seq: dec.state.first_seq });
    expect(first?.json<{ decisionId: string }>().decisionId).toBe('out-dec-30');
    expect(await intake.accept([item('out-3')])).toEqual(['accepted']);
    await until(() => handledOf('out-3').length === 1, 10_000, 'out-3 handled after the restart');
    expect(await busG.waitSubscribed(5000)).toBe(true);
    const t3 = Date.now();
    await busF.publish('lists', 'node-f');
    await until(() => changes.includes('lists/node-f'), 1000, 'a change after the restart');
    expect(Date.now() - t3).toBeLessThan(1000);

    // A server that lost its storage: the streams and the consumer are created again on reconnect.
    await server.stop();
    rmSync(server.storeDir, { recursive: true, force: true });
    await server.start();
    expect(await f.waitReady(10_000)).toBe(true);
    expect(await g.waitReady(10_000)).toBe(true);
    expect((await f.jsm().streams.info(f.streams.events)).config.retention).toBe('workqueue');
    expect(await intake.accept([item('out-4')])).toEqual(['accepted']);
    await until(() => handledOf('out-4').length === 1, 10_000, 'out-4 handled on the new server');
    expect(await busG.waitSubscribed(5000)).toBe(true);
    await busF.publish('webhooks', 'node-f');
    await until(() => changes.includes('webhooks/node-f'), 2000, 'a change on the new server');
    expect(await intake.pending()).toBe(0);
    expect(handledOf('out-').map((h) => h.eventId)).toEqual(['out-1', 'out-3', 'out-4']);
    console.log(`outage: reconnected and ready ${reconnectMs} ms after the server restarted`);
  });

});

describe('NATS adapters, all scenarios', () => {
  it('logged no errors', () => {
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });
});
