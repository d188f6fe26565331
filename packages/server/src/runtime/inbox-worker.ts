import { sql, type Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import type { PreparedEvent } from '@vigil/engine';
import type { DecisionService, PreparedRequest } from './decision-service.ts';
import type { StrategyRegistry } from './strategy-registry.ts';
import { OrgData } from '../repos/scoped.ts';

/** Events evaluated at once: a share of the node's capacity, so intake never starves live decisions. */
const BATCH = 100;
const MAX_ATTEMPTS = 5;

/** What the inbox keeps of an accepted event: the validated, tokenised form only. */
export interface InboxBody {
  eventId: string;
  occurredAt: string | null;
  at: number;
  prepared: PreparedEvent;
}

/**
 * Evaluates events accepted by async and bulk intake with the post-event strategy of their type.
 * An event leaves the inbox only after its decision is logged; one that keeps failing is parked
 * as `failed` with its error, never dropped.
 */
export class InboxWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  /** The worker drains every org's accepted events: the node's own, unscoped access. */
  private readonly inbox: OrgData;

  constructor(
    db: Kysely<DB>,
    private readonly decisions: DecisionService,
    private readonly registry: StrategyRegistry,
    private readonly log: { error(o: object, msg: string): void },
  ) {
    this.inbox = OrgData.system(db);
  }

  /** Starts draining; also polls periodically for events accepted by other nodes. */
  start(pollMs = 1000): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), pollMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e) => this.log.error({ err: e }, 'inbox drain failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when everything accepted so far has been processed (used by tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.inbox
        .selectFrom('event_inbox')
        .select(['seq', 'event_type', 'event_id', 'payload_hash', 'body', 'org_id', 'attempts'])
        .where('status', '=', 'pending')
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      if (rows.length === 0 || this.stopped) return;
      const done: number[] = [];
      let busy = false;
      await Promise.all(
        rows.map(async (r) => {
          try {
            const et = this.registry.eventType(r.event_type);
            if (!et) throw new Error(`event type ${r.event_type} is not registered`);
            const body = r.body as unknown as InboxBody;
            const p: PreparedRequest = { et, prepared: body.prepared, at: body.at, org: r.org_id, hash: r.payload_hash, occurredAt: body.occurredAt };
            await this.decisions.decidePrepared(p, r.event_id, 'post', undefined, true);
            done.push(Number(r.seq));
          } catch (e) {
            // A busy node is not the event's fault: leave it pending without counting an attempt.
            const code = (e as { code?: string }).code;
            if (code === 'OVERLOADED' || code === 'UNAVAILABLE') {
              busy = true;
              return;
            }
            const failed = r.attempts + 1 >= MAX_ATTEMPTS;
            await this.inbox
              .updateTable('event_inbox')
              .set({ attempts: r.attempts + 1, last_error: String((e as Error).message).slice(0, 500), status: failed ? 'failed' : 'pending' })
              .where('seq', '=', r.seq)
              .execute();
          }
        }),
      );
      if (done.length) {
        await this.inbox.updateTable('event_inbox').set({ status: 'done', processed_at: sql`now()` }).where('seq', 'in', done).execute();
      }
      if (done.length === 0 || busy) return;
    }
  }
}
