import type { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import { withTransaction, type DB } from '@vigil/storage';
import { escalateDue } from '../repos/alert-handling.ts';
import { OrgData } from '../repos/scoped.ts';
import type { TreeOrgDirectory } from './org-directory.ts';

/** What the bus's `alert.escalated` event carries. */
export interface AlertEscalatedEvent {
  alertId: string;
  orgId: string;
  /** How many times it has now been escalated. */
  escalationLevel: number;
  queueId: string | null;
  escalatedAt: string;
}

/**
 * The SLA job: every interval, escalates the alerts whose SLA has run out (see
 * {@link escalateDue}). The clock is injected so tests can move time forward; several nodes may
 * run it at once (rows being escalated are locked and skipped by the others).
 */
export class AlertSlaJob {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<number> | null = null;

  constructor(
    private readonly d: {
      db: Kysely<DB>;
      orgs: TreeOrgDirectory;
      bus: EventEmitter;
      log: { error(o: object, msg: string): void };
      clock?: () => Date;
      /** False on nodes that do not run the scheduled jobs (see Leadership); absent, always runs. */
      leads?: () => boolean;
    },
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (!this.busy && (this.d.leads?.() ?? true)) void this.run().catch((e) => this.d.log.error({ err: e }, 'alert SLA escalation failed; retrying'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy?.catch(() => undefined);
  }

  /** Escalates what is overdue at `now` (the job's clock by default); returns how many it escalated. */
  async run(now: Date = (this.d.clock ?? (() => new Date()))()): Promise<number> {
    const p = (async () => {
      let total = 0;
      for (;;) {
        const done = await withTransaction(this.d.db, (tx) => escalateDue(OrgData.system(tx), this.d.orgs, now));
        for (const e of done) this.d.bus.emit('alert.escalated', { alertId: e.alertId, orgId: e.orgId, escalationLevel: e.level, queueId: e.queueId, escalatedAt: now.toISOString() } satisfies AlertEscalatedEvent);
        total += done.length;
        if (done.length < 200) return total;
      }
    })();
    this.busy = p;
    try {
      return await p;
    } finally {
      if (this.busy === p) this.busy = null;
    }
  }
}
