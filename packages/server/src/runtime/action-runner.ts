import type { Logger } from 'pino';
import { parseWindow, tryNormaliseListValue, type Action, type EngineResult, type ListDimension } from '@vigil/engine';
import { withTransaction } from '@vigil/storage';
import { bumpRevision } from '../repos/changes.ts';
import type { DecisionRecord } from '../repos/decisions.ts';
import { upsertEntries } from '../repos/lists.ts';
import { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';

/** What an alert-raising action announces; the alert center subscribes to it. */
export interface ActionEvent {
  action: Action;
  decisionId: string;
  eventType: string;
  orgId: string;
  outcome: string;
}

/**
 * Carries out the actions of a logged decision off the critical path: writes to lists
 * (auto-blacklisting) and announces alerts, tags and notifications on the in-process bus.
 */
export class ActionRunner {
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly s: Services,
    private readonly log: Logger,
  ) {}

  run(record: DecisionRecord, result: EngineResult | null): void {
    const actions = result?.trace.actions ?? [];
    if (actions.length === 0) return;
    const p = this.execute(record, actions)
      .catch((e) => this.log.error({ err: e, decisionId: record.decisionId }, 'decision action failed'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async execute(record: DecisionRecord, actions: Action[]): Promise<void> {
    let listsChanged = false;
    for (const action of actions) {
      if (action.type === 'add_to_list') {
        listsChanged = (await this.addToList(record, action)) || listsChanged;
        continue;
      }
      this.s.bus.emit(action.type, { action, decisionId: record.decisionId, eventType: record.eventType, orgId: record.orgId, outcome: record.outcome } satisfies ActionEvent);
    }
    if (listsChanged) await this.s.changed('lists');
  }

  /** Lists the event's value on the list of that key owned by the event's bank, else the union's. */
  private async addToList(record: DecisionRecord, action: Extract<Action, { type: 'add_to_list' }>): Promise<boolean> {
    const value = ((record.event as { data?: Record<string, unknown> }).data ?? {})[action.field];
    if (typeof value !== 'string' || value === '') return false;
    const chain = this.s.orgs.chain(record.orgId);
    // A rule acts within the event's org and its ancestors, never on another bank's list.
    const data = OrgData.of(this.s.db, { all: false, orgIds: chain });
    const lists = await data.selectFrom('lists').select(['id', 'org_id', 'dimension']).where('key', '=', action.list).where('org_id', 'in', chain).execute();
    const list = chain.map((o) => lists.find((l) => l.org_id === o)).find(Boolean);
    if (!list) {
      this.log.warn({ list: action.list, org: record.orgId }, 'add_to_list: no such list for this org');
      return false;
    }
    // Stored as lookups normalise it, so `1.2.3.4 ` or a spaced phone number still matches.
    const normalised = tryNormaliseListValue(list.dimension as ListDimension, value);
    if (normalised === null) return false;
    const masked = (record.event as { masked?: Record<string, string> }).masked?.[action.field];
    const expiresAt = action.expiresIn ? Date.now() + parseWindow(action.expiresIn) : null;
    await withTransaction(this.s.db, async (tx) => {
      await upsertEntries(data.in(tx), list.id, [
        { value: normalised, display: masked ?? normalised, reason: action.reason ?? `decision ${record.decisionId}`, source: 'rule_action', expiresAt, orgId: list.org_id, createdBy: `decision:${record.decisionId}`, createdAt: Date.now() },
      ]);
      await bumpRevision(tx, 'lists');
    });
    return true;
  }
}
