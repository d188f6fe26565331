import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Cron } from 'croner';
import { sql, type Kysely } from 'kysely';
import { isDatabaseError, json, withTransaction, type DB } from '@vigil/storage';
import type { ModelDefinition, StrategyPackage } from '@vigil/engine';
import { auc as aucOf, developmentStability, ks as ksOf, type ScorecardArtefact } from '@vigil/modeling';
import { contributeAlert } from '../repos/alerts.ts';
import { decodeTrace } from '../repos/decision-encoding.ts';
import { addModelEvent, getModel, getVersion, listModels, listVersions, type ModelRecord, type ModelVersionRecord } from '../repos/models.ts';
import { OrgData } from '../repos/scoped.ts';
import { legalEntities } from './alert-feed.ts';
import { ROOT_ORG, type TreeOrgDirectory } from './org-directory.ts';

/** Most decisions one run reads (newest first beyond that is not needed for a distribution). */
export const MONITORING_MAX_DECISIONS = 200_000;

export interface MonitoringDeps {
  db: Kysely<DB>;
  orgs: TreeOrgDirectory;
  bus: EventEmitter;
}

export interface MonitoringRunView {
  id: string;
  version: number;
  trigger: string;
  status: 'ok' | 'warning' | 'alert' | 'insufficient' | 'failed';
  windowFrom: string;
  windowTo: string;
  decisions: number;
  labelled: number;
  scorePsi: number | null;
  csi: Record<string, number>;
  ks: number | null;
  auc: number | null;
  scoreBins: Array<{ label: string; expected: number; actual: number }>;
  breaches: Array<{ metric: string; value: number; threshold: number; level: 'warning' | 'alert' }>;
  alertId: string | null;
  error: string | null;
  startedAt: string;
}

type RunRow = DB['model_monitoring_runs'] extends infer T ? { [K in keyof T]: unknown } : never;

function runView(r: RunRow): MonitoringRunView {
  return {
    id: r.id as string,
    version: r.version as number,
    trigger: r.trigger as string,
    status: r.status as MonitoringRunView['status'],
    windowFrom: (r.window_from as Date).toISOString(),
    windowTo: (r.window_to as Date).toISOString(),
    decisions: r.decisions as number,
    labelled: r.labelled as number,
    scorePsi: r.score_psi as number | null,
    csi: r.csi as Record<string, number>,
    ks: r.ks as number | null,
    auc: r.auc as number | null,
    scoreBins: r.score_bins as MonitoringRunView['scoreBins'],
    breaches: r.breaches as MonitoringRunView['breaches'],
    alertId: r.alert_id as string | null,
    error: r.error as string | null,
    startedAt: (r.started_at as Date).toISOString(),
  };
}

export async function listRuns(data: OrgData, modelId: string, limit = 500): Promise<MonitoringRunView[]> {
  const rows = await data.selectFrom('model_monitoring_runs').selectAll().where('model_id', '=', modelId).orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => runView(r as unknown as RunRow));
}

/** The newest run of each model. */
export async function lastRuns(data: OrgData, modelIds: string[]): Promise<Map<string, { status: string; at: Date }>> {
  if (!modelIds.length) return new Map();
  const rows = await data
    .selectFrom('model_monitoring_runs')
    .select(['model_id', 'status', 'started_at'])
    .where('model_id', 'in', modelIds)
    .orderBy('model_id')
    .orderBy('started_at', 'desc')
    .execute();
  const out = new Map<string, { status: string; at: Date }>();
  for (const r of rows) if (!out.has(r.model_id)) out.set(r.model_id, { status: r.status, at: r.started_at });
  return out;
}

/** The version monitoring watches: the champion, else the newest production version, else the newest validated one. */
async function watchedVersion(data: OrgData, m: ModelRecord): Promise<ModelVersionRecord | undefined> {
  const pick = m.championVersion ?? (await listVersions(data, m.id)).find((v) => v.status === 'production' || v.status === 'validated')?.version;
  return pick === undefined ? undefined : getVersion(data, m.id, pick);
}

/** Scores a scorecard or a scaled logistic model gives are higher for safer; probabilities are higher for riskier. */
function higherIsSafer(def: ModelDefinition): boolean {
  if (def.kind === 'scorecard') return true;
  return (def as { output?: string }).output === 'score';
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

function scoreBinLabels(breaks: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i <= breaks.length; i++) out.push(i === 0 ? `< ${fmt(breaks[0]!)}` : i === breaks.length ? `≥ ${fmt(breaks[i - 1]!)}` : `[${fmt(breaks[i - 1]!)}, ${fmt(breaks[i]!)})`);
  return out;
}

/** Where the model sits in the strategies that use it: strategy version → the model's id and stage in it. */
async function deployments(db: Kysely<DB>, modelId: string, version: number) {
  // system-scope: strategies are global; the model row was read through the caller's or the job's scope.
  const rows = await db
    .selectFrom('strategy_versions')
    .select(['strategy_id', 'version', 'package'])
    .where(sql<boolean>`package->'models' @> ${JSON.stringify([{ source: { model: modelId, version } }])}::jsonb`)
    .execute();
  return rows.map((r) => {
    const pkg = r.package as unknown as StrategyPackage;
    const def = pkg.models.find((x) => (x as { source?: { model: string } }).source?.model === modelId)!;
    const stage = pkg.flow.stages.find((st) => st.type === 'model' && st.model === def.id);
    return { strategyId: r.strategy_id, version: r.version, modelId: def.id, stageId: stage?.id ?? null };
  });
}

interface Observed {
  score: number;
  bins: Array<string | undefined>;
  fraud: boolean | null;
}

/**
 * One monitoring run of a model: the production scores of the last `windowDays` (by event time)
 * against the development sample (score PSI, CSI per characteristic), and KS/AUC on the decisions
 * whose labels have matured (`labelMaturityDays` old). Breaches of the thresholds make the run a
 * warning or an alert; an alert is filed in the alert center for the model's org (category
 * `model_drift`) and assigned to the model's owner. Every run is kept, failed ones with their error.
 */
export async function runModelMonitoring(d: MonitoringDeps, m: ModelRecord, opts: { trigger: 'manual' | 'schedule'; now: Date }): Promise<MonitoringRunView> {
  const system = OrgData.system(d.db);
  const cfg = m.monitoring;
  const windowTo = opts.now;
  const windowFrom = new Date(windowTo.getTime() - cfg.windowDays * 86_400_000);
  const base = { id: randomUUID(), trigger: opts.trigger, windowFrom, windowTo };
  const store = async (r: Omit<MonitoringRunView, 'id' | 'version' | 'trigger' | 'windowFrom' | 'windowTo' | 'startedAt' | 'alertId'> & { alertId?: string | null }, version: number) => {
    const row = {
      id: base.id,
      model_id: m.id,
      org_id: m.orgId,
      version,
      trigger: base.trigger,
      status: r.status,
      window_from: windowFrom,
      window_to: windowTo,
      decisions: r.decisions,
      labelled: r.labelled,
      score_psi: r.scorePsi,
      csi: json(r.csi),
      ks: r.ks,
      auc: r.auc,
      score_bins: json(r.scoreBins),
      breaches: json(r.breaches),
      alert_id: r.alertId ?? null,
      error: r.error,
    };
    await withTransaction(d.db, async (tx) => {
      const data = system.in(tx);
      let alertId: string | null = null;
      if (r.status === 'alert') alertId = await raiseAlert(d, tx, m, version, r.breaches, windowTo);
      await data.insertInto('model_monitoring_runs', { ...row, alert_id: alertId }).execute();
      if (r.status === 'alert' || r.status === 'failed') {
        await addModelEvent(data, { modelId: m.id, orgId: m.orgId, version, action: r.status === 'alert' ? 'monitoring_alert' : 'monitoring_failed', actor: 'system:model-monitoring', note: r.error ?? r.breaches.filter((b) => b.level === 'alert').map((b) => `${b.metric} ${b.value.toFixed(3)} (threshold ${b.threshold})`).join('; '), details: { runId: base.id, alertId } });
      }
    });
    const saved = await system.selectFrom('model_monitoring_runs').selectAll().where('id', '=', base.id).executeTakeFirstOrThrow();
    const view = runView(saved as unknown as RunRow);
    d.bus.emit('model.monitoring', { modelId: m.id, orgId: m.orgId, run: view });
    return view;
  };
  const empty = { decisions: 0, labelled: 0, scorePsi: null, csi: {}, ks: null, auc: null, scoreBins: [], breaches: [] };

  const v = await watchedVersion(system, m);
  if (!v) return store({ ...empty, status: 'insufficient', error: 'no champion, production or validated version to watch' }, 0);
  try {
    const def = v.definition as unknown as ModelDefinition;
    const dev = (v.artefact as Partial<ScorecardArtefact> | null)?.development;
    const deps = await deployments(d.db, m.id, v.version);
    if (!deps.length) return await store({ ...empty, status: 'insufficient', error: `version ${v.version} is in no strategy yet` }, v.version);
    const orgIds = m.orgId === ROOT_ORG ? null : d.orgs.subtree(m.orgId);
    const maturityTo = new Date(windowTo.getTime() - cfg.labelMaturityDays * 86_400_000);
    const maturityFrom = new Date(maturityTo.getTime() - cfg.windowDays * 86_400_000);
    const read = async (from: Date, to: Date, withLabels: boolean): Promise<Observed[]> => {
      const out: Observed[] = [];
      for (const dep of deps) {
        // system-scope: the model's org subtree is applied below (all orgs for a union model).
        let q = d.db
          .selectFrom('decisions as d')
          .select(['d.trace', 'd.seq'])
          .where('d.strategy_id', '=', dep.strategyId)
          .where('d.strategy_version', '=', dep.version)
          .where('d.occurred_at', '>=', from)
          .where('d.occurred_at', '<', to);
        if (orgIds) q = q.where('d.org_id', 'in', orgIds);
        const rows = withLabels
          ? await q
              // system-scope: labels of the decisions just scoped, matched on their own org.
              .innerJoin('event_labels as l', (j) => j.onRef('l.event_type', '=', 'd.event_type').onRef('l.event_id', '=', 'd.event_id').onRef('l.org_id', '=', 'd.org_id'))
              .select('l.fraud')
              .orderBy('d.seq', 'desc')
              .limit(MONITORING_MAX_DECISIONS)
              .execute()
          : await q.orderBy('d.seq', 'desc').limit(MONITORING_MAX_DECISIONS).execute();
        for (const r of rows) {
          const trace = decodeTrace(r.trace);
          const score = (trace.models as Record<string, unknown> | undefined)?.[dep.modelId];
          if (typeof score !== 'number' || !Number.isFinite(score)) continue;
          const stage = (trace.stages as Array<{ id: string; type: string; output?: { contributions?: Array<{ bin?: string }> } }>).find((st) => st.type === 'model' && (dep.stageId === null || st.id === dep.stageId));
          out.push({ score, bins: (stage?.output?.contributions ?? []).map((c) => c.bin), fraud: withLabels ? Boolean((r as { fraud?: boolean }).fraud) : null });
        }
      }
      return out;
    };
    const live = await read(windowFrom, windowTo, false);
    const labelled = await read(maturityFrom, maturityTo, true);
    const breaches: MonitoringRunView['breaches'] = [];
    const th = cfg.thresholds;

    let scorePsi: number | null = null;
    let scoreBins: MonitoringRunView['scoreBins'] = [];
    let csi: Record<string, number> = {};
    if (dev && live.length) {
      const st = developmentStability(dev, v.features, live);
      scorePsi = st.score.psi;
      csi = st.csi;
      const devTotal = dev.scoreCounts.reduce((a, b) => a + b, 0);
      scoreBins = scoreBinLabels(dev.scoreBreaks).map((label, i) => ({ label, expected: dev.scoreCounts[i]! / devTotal, actual: st.actualCounts[i]! / live.length }));
      if (scorePsi >= th.psiAlert) breaches.push({ metric: 'score_psi', value: scorePsi, threshold: th.psiAlert, level: 'alert' });
      else if (scorePsi >= th.psiWarning) breaches.push({ metric: 'score_psi', value: scorePsi, threshold: th.psiWarning, level: 'warning' });
      for (const [name, value] of Object.entries(csi)) if (value >= th.csiAlert) breaches.push({ metric: `csi:${name}`, value, threshold: th.csiAlert, level: 'alert' });
    }

    let ks: number | null = null;
    let auc: number | null = null;
    const bads = labelled.filter((o) => o.fraud).length;
    if (bads > 0 && bads < labelled.length) {
      const safer = higherIsSafer(def);
      const scores = Float64Array.from(labelled, (o) => (safer ? -o.score : o.score));
      const y = Uint8Array.from(labelled, (o) => (o.fraud ? 1 : 0));
      auc = aucOf(scores, y);
      ks = ksOf(scores, y).ks;
      const ref = ((v.metrics as { test?: { ks: number; auc: number }; train?: { ks: number; auc: number } } | null) ?? {}) as { test?: { ks: number; auc: number }; train?: { ks: number; auc: number } };
      const devMetrics = ref.test ?? ref.train;
      if (devMetrics) {
        if (ks < devMetrics.ks - th.ksDropAlert) breaches.push({ metric: 'ks', value: ks, threshold: devMetrics.ks - th.ksDropAlert, level: 'alert' });
        if (auc < devMetrics.auc - th.aucDropAlert) breaches.push({ metric: 'auc', value: auc, threshold: devMetrics.auc - th.aucDropAlert, level: 'alert' });
      }
    }
    const status: MonitoringRunView['status'] = live.length < cfg.minDecisions ? 'insufficient' : breaches.some((b) => b.level === 'alert') ? 'alert' : breaches.length ? 'warning' : 'ok';
    const error = !dev ? 'the version has no development sample (only Vigil scorecards fitted by the toolkit carry one): no PSI or CSI' : live.length < cfg.minDecisions ? `${live.length} scored decisions in the window, fewer than ${cfg.minDecisions}` : null;
    return await store({ status, decisions: live.length, labelled: labelled.length, scorePsi, csi, ks, auc, scoreBins, breaches, error }, v.version);
  } catch (e) {
    if (isDatabaseError(e) && e.code === '23505') throw e;
    return store({ ...empty, status: 'failed', error: (e as Error).message }, v.version);
  }
}

/** Files the run's breaches as one alert of the model's org, assigned to the owner. */
async function raiseAlert(d: MonitoringDeps, tx: Kysely<DB>, m: ModelRecord, version: number, breaches: MonitoringRunView['breaches'], at: Date): Promise<string> {
  const data = OrgData.system(tx);
  const legal = await legalEntities(tx, d.orgs, [m.orgId]);
  const r = await contributeAlert(data, {
    orgId: m.orgId,
    category: 'model_drift',
    level: 'high',
    source: 'model_monitoring',
    subjectType: 'model',
    subjectKey: m.id,
    subjectDisplay: `${m.key} v${version}`,
    mergeKey: `model:${m.id}`,
    windowMs: 7 * 86_400_000,
    at,
    ruleIds: breaches.filter((b) => b.level === 'alert').map((b) => b.metric),
    note: breaches.map((b) => `${b.metric}=${b.value.toFixed(4)} (${b.level} at ${b.threshold})`).join('; '),
    legalEntityId: legal.get(m.orgId) ?? null,
  });
  // The owner works it: assigned at once, outside the queues.
  await data.updateTable('alerts').set({ assignee: m.owner, assigned_at: at, routed: true }).where('id', '=', r.alertId).where('assignee', 'is', null).execute();
  if (r.opened) d.bus.emit('alert.opened', { alertId: r.alertId, orgId: m.orgId, category: 'model_drift', level: r.level });
  return r.alertId;
}

/**
 * Runs each model's monitoring on its cron schedule, on the node that runs the scheduled jobs
 * (`leads`). Should two nodes both run a tick (leadership changing hands), a scheduled run is still
 * stored once per model and tick (a unique index): the second node's run is dropped.
 */
export class ModelMonitor {
  private jobs: Cron[] = [];
  private stopped = false;

  constructor(private readonly d: MonitoringDeps & { log: { error(o: object, msg: string): void; info?(o: object, msg: string): void }; leads?: () => boolean }) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.reschedule();
  }

  /** Reloads the schedules (after a model's monitoring settings change). */
  async reschedule(): Promise<void> {
    for (const j of this.jobs) j.stop();
    this.jobs = [];
    if (this.stopped) return;
    const models = await listModels(OrgData.system(this.d.db));
    for (const m of models) {
      if (!m.monitoring.enabled) continue;
      try {
        this.jobs.push(new Cron(m.monitoring.schedule, { protect: true, unref: true }, (self: Cron) => void this.tick(m.id, self.currentRun() ?? new Date())));
      } catch (e) {
        this.d.log.error({ err: e, model: m.id }, 'model monitoring schedule is not valid; not scheduled');
      }
    }
  }

  private async tick(modelId: string, at: Date): Promise<void> {
    if (!(this.d.leads?.() ?? true)) return;
    try {
      const m = await getModel(OrgData.system(this.d.db), modelId);
      if (!m?.monitoring.enabled) return;
      const tickAt = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
      await runModelMonitoring(this.d, m, { trigger: 'schedule', now: tickAt });
    } catch (e) {
      if (isDatabaseError(e) && e.code === '23505') return;
      this.d.log.error({ err: e, model: modelId }, 'model monitoring run failed');
    }
  }

  stop(): void {
    this.stopped = true;
    for (const j of this.jobs) j.stop();
    this.jobs = [];
  }
}
