import { sql } from 'kysely';
import { withTransaction, type DB, type Kysely } from '@vigil/storage';
import { ALERT_LEVELS, levelRank, type AlertLevel } from '../repos/alerts.ts';
import { appendAudit } from '../repos/audit.ts';
import { caseRulesOnChain, type CaseRuleRecord } from '../repos/case-rules.ts';
import { resolveCaseType } from '../repos/case-types.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { findOpenCase } from '../repos/cases.ts';
import type { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';
import type { ErrorDetail } from '../errors.ts';
import type { CaseContext } from './case-context.ts';
import { checkNewCase, linkAlerts, linkDecisions, openCase } from './open-case.ts';

/** An alert a handler has just disposed, as the alert center hands it to the case center. */
export interface DisposedAlert {
  id: string;
  orgId: string;
  category: string;
  level: 'low' | 'medium' | 'high' | 'critical';
  subjectType: string;
  subjectKey: string;
  subjectDisplay: string;
  disposition: string;
  amount: number | null;
  decisionIds: string[];
}

/** Whether a case rule applies to a disposed alert. */
export function ruleMatches(rule: CaseRuleRecord, alert: DisposedAlert): boolean {
  if (!rule.enabled) return false;
  if (!rule.dispositions.includes(alert.disposition)) return false;
  if (rule.categories.length && !rule.categories.includes(alert.category)) return false;
  if (!ALERT_LEVELS.includes(alert.level as AlertLevel) || levelRank(alert.level) < levelRank(rule.minLevel)) return false;
  if (rule.minAmount !== null && (alert.amount === null || alert.amount < rule.minAmount)) return false;
  return true;
}

/**
 * Applies the case rules of the alert's org and of every org above it to an alert a handler has
 * just disposed. For each case type the matching rules name (nearest org's rule first), the alert
 * — with its decisions — is linked to the open case of that type for the same subject in the
 * alert's org (when the rule says so), or a new case is opened. Returns the ids of the cases
 * created or linked, in rule order, each once.
 *
 * Runs in the caller's transaction when `data` is a transaction view (`data.in(tx)`), else in its
 * own. Concurrent disposals of one subject's alerts meet in one case: the search for the open case
 * and the opening hold a transaction-scoped advisory lock on (org, type, subject). A rule naming a
 * type that no longer applies to the org, or whose type is not for the alert's subject type, is
 * skipped: a disposition does not fail because of a case rule's configuration.
 *
 * @example
 * const caseIds = await casesForDisposedAlert(services, req.data.in(tx), { ...alert, disposition: 'confirmed_fraud', decisionIds }, `user:${req.principal.name}`);
 */
export async function casesForDisposedAlert(s: Services, data: OrgData, alert: DisposedAlert, by: string): Promise<string[]> {
  return withTransaction(data.db as Kysely<DB>, async (tx) => {
    const d = data.in(tx);
    const chain = s.orgs.chain(alert.orgId);
    const rules = (await caseRulesOnChain(tx, chain)).filter((r) => ruleMatches(r, alert));
    const ctx: CaseContext = {
      orgs: s.orgs,
      tokenizer: s.tokenizer,
      data: d,
      actor: by,
      username: by.startsWith('user:') ? by.slice(5) : null,
      // Automation opens and links cases; it takes no workflow transition for anyone.
      can: () => false,
      audit: (e) => appendAudit(tx, { ...e, actor: by }),
    };
    // Decisions the alert names beyond its contributions (found in the decision log; others are skipped).
    const decisionRefs = alert.decisionIds.map((decisionId) => ({ decisionId }));
    const out: string[] = [];
    const handled = new Set<string>();
    for (const rule of rules) {
      if (handled.has(rule.caseType)) continue;
      handled.add(rule.caseType);
      const type = await resolveCaseType(tx, chain, rule.caseType);
      if (!type) continue;
      const issues: ErrorDetail[] = [];
      const subject = checkNewCase(ctx, type, alert, issues);
      if (!subject) continue;
      await sql`select pg_advisory_xact_lock(hashtextextended(${`case-subject\n${alert.orgId}\n${type.key}\n${alert.subjectType}\n${subject.key}`}, 0))`.execute(tx);
      const open = rule.linkOpen ? await findOpenCase(d, alert.orgId, type.key, alert.subjectType, subject.key) : undefined;
      if (open) {
        const added = [...(await linkAlerts(ctx, open, [alert.id], 'alertId')), ...(await linkDecisions(ctx, open, decisionRefs, 'decisionIds', { skipMissing: true }))];
        if (added.length) {
          await appendCaseEvent(d, { caseId: open.id, orgId: open.orgId, kind: 'updated', actor: by, details: { reason: 'case_rule', ruleId: rule.id, rule: rule.name, alertId: alert.id, disposition: alert.disposition } });
          await ctx.audit({ action: 'case.link', targetType: 'case', targetId: open.id, orgId: open.orgId, after: { alertId: alert.id, ruleId: rule.id, links: added.length } });
        }
        if (!out.includes(open.id)) out.push(open.id);
        continue;
      }
      const c = await openCase(
        ctx,
        {
          orgId: alert.orgId,
          type: type.key,
          title: `${alert.category} · ${alert.subjectDisplay}`.slice(0, 200),
          priority: rule.priority,
          subjectType: alert.subjectType,
          subjectKey: alert.subjectKey,
          subjectDisplay: alert.subjectDisplay,
          amount: alert.amount,
          source: 'rule',
          alertIds: [alert.id],
          details: { ruleId: rule.id, rule: rule.name, alertId: alert.id, disposition: alert.disposition },
        },
        { type, subject },
      );
      await linkDecisions(ctx, c, decisionRefs, 'decisionIds', { skipMissing: true });
      out.push(c.id);
    }
    return out;
  });
}
