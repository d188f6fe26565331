import type { Logger } from 'pino';
import { compileStrategy, type StrategyPackage } from '@vigil/engine';
import { withTransaction } from '@vigil/storage';
import { appendAudit } from '../repos/audit.ts';
import { bumpRevision } from '../repos/changes.ts';
import { ROOT_ORG } from './org-directory.ts';
import { claimSchedule, DEPLOYABLE, deployVersion, getVersion, pendingSchedules, type Deployment } from '../repos/strategies.ts';
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
    // Only the node running the scheduled jobs applies them (the row lock would also keep it to one).
    this.timer = setInterval(() => {
      if (this.s.leadership.isLeader) void this.tick();
    }, TICK_MS);
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

  /** Why a deployment cannot be applied now, or null. */
  private refusal(pkg: StrategyPackage, version: number, status: string, mode: Deployment['mode']): string | null {
    if (!DEPLOYABLE.has(status)) return `the version is ${status}`;
    if (mode !== 'live' && !this.s.registry.live(pkg.eventType, pkg.direction)) return `a ${mode} needs a live version beside it`;
    const et = this.s.registry.eventType(pkg.eventType);
    if (!et) return `event type ${pkg.eventType} is not registered`;
    try {
      compileStrategy(pkg, et, version, this.s.registry.current.eventTypes);
    } catch (e) {
      return `it no longer compiles: ${(e as Error).message}`.slice(0, 500);
    }
    return null;
  }

  private async apply(d: Deployment): Promise<boolean> {
    return withTransaction(this.s.db, async (tx) => {
      const claimed = await claimSchedule(tx, d.id, 'system:scheduler');
      if (!claimed) return false;
      const v = await getVersion(tx, d.strategyId, d.version);
      // The checks of a deployment made now, made again at its time: much may have changed.
      const refusal = v ? this.refusal(v.pkg, v.version, v.status, d.mode) : 'the version no longer exists';
      if (refusal || !v) {
        await tx.updateTable('deployments').set({ end_reason: `not applied: ${refusal}` }).where('id', '=', d.id).execute();
        await appendAudit(tx, { actor: 'system:scheduler', orgId: ROOT_ORG, action: 'strategy.schedule.refused', targetType: 'strategy_version', targetId: `${d.strategyId}@${d.version}`, after: { mode: d.mode, scheduledBy: d.actor }, reason: refusal ?? '' });
        this.log.warn({ strategy: d.strategyId, version: d.version, mode: d.mode, refusal }, 'scheduled deployment not applied');
        return false;
      }
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
