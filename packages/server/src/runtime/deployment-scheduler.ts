import type { Logger } from 'pino';
import { withTransaction } from '@vigil/storage';
import { appendAudit } from '../repos/audit.ts';
import { bumpRevision } from '../repos/changes.ts';
import { ROOT_ORG } from './org-directory.ts';
import { claimSchedule, deployVersion, getVersion, pendingSchedules, type Deployment } from '../repos/strategies.ts';
import type { Services } from '../services.ts';

/** How often due schedules are looked for while any is pending, and how often the list is re-read. */
const TICK_MS = 1000;
const REFRESH_MS = 30_000;

/**
 * Applies scheduled deployments when their time comes. Every node runs one; a schedule is claimed
 * under a row lock, so exactly one node applies it, and every node then reloads through the
 * usual change announcement. Applying is audited as the scheduler, naming who scheduled it.
 */
export class DeploymentScheduler {
  private pending: Deployment[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastRefresh = 0;
  private busy = false;

  constructor(
    private readonly s: Services,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<void> {
    this.pending = await pendingSchedules(this.s.db);
    this.lastRefresh = Date.now();
  }

  /** Applies what is due now; returns how many deployments it applied. */
  async tick(): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      if (Date.now() - this.lastRefresh > REFRESH_MS) await this.refresh();
      const due = this.pending.filter((d) => d.scheduledFor && d.scheduledFor.getTime() <= Date.now());
      let applied = 0;
      for (const d of due) if (await this.apply(d)) applied++;
      if (due.length) await this.refresh();
      if (applied) await this.s.changed('strategies');
      return applied;
    } catch (e) {
      this.log.error({ err: e }, 'applying scheduled deployments failed; retrying');
      return 0;
    } finally {
      this.busy = false;
    }
  }

  private async apply(d: Deployment): Promise<boolean> {
    return withTransaction(this.s.db, async (tx) => {
      const claimed = await claimSchedule(tx, d.id, 'system:scheduler');
      if (!claimed) return false;
      const v = await getVersion(tx, d.strategyId, d.version);
      if (!v) return false;
      await deployVersion(tx, v.pkg, v.version, d.mode, d.actor, d.reason, d.canary);
      await appendAudit(tx, {
        actor: 'system:scheduler',
        orgId: ROOT_ORG,
        action: 'strategy.deploy',
        targetType: 'strategy_version',
        targetId: `${d.strategyId}@${d.version}`,
        after: { mode: d.mode, canary: d.canary, scheduledBy: d.actor, scheduledFor: d.scheduledFor?.toISOString() },
        reason: d.reason,
      });
      await bumpRevision(tx, 'strategies');
      this.log.info({ strategy: d.strategyId, version: d.version, mode: d.mode }, 'scheduled deployment applied');
      return true;
    });
  }
}
