import { sql, type Kysely } from 'kysely';

/**
 * The decision log's event, answer and trace become JSON text instead of JSONB. Nothing queries
 * inside them, and parsing them into JSONB (then compressing the trace) was most of the cost of
 * writing a decision. Rows are now written with COPY and the answer and trace in a compact form
 * (see the server's `repos/decision-encoding.ts`); existing rows keep their full form, as text,
 * which the readers accept as well.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table decisions
    alter column event type text using event::text,
    alter column response type text using response::text,
    alter column trace type text using trace::text`.execute(db);
}

/**
 * Back to JSONB, expanding the compact forms (`[1, …]`) to the full objects the code before this
 * migration wrote: the answer's fields held by columns and the trace's default fields put back.
 */
export async function down(db: Kysely<any>): Promise<void> {
  // A column's USING expression may not hold a subquery: the stage expansion lives in a function.
  await sql`create function pg_temp.vigil_0013_full_trace(t text) returns jsonb language sql immutable as $$
    select case when jsonb_typeof(t::jsonb) = 'array'
      then jsonb_build_object('vars', '{}'::jsonb, 'features', '{}'::jsonb, 'models', '{}'::jsonb, 'data', '{}'::jsonb,
        'shadowHits', '[]'::jsonb, 'ruleErrors', 0, 'degradations', '[]'::jsonb, 'actions', '[]'::jsonb, 'timedOut', false, 'deployment', 'live')
        || (t::jsonb -> 1)
        || jsonb_build_object('stages', coalesce((select jsonb_agg(jsonb_build_object('hits', '[]'::jsonb, 'errors', '[]'::jsonb) || s order by n)
             from jsonb_array_elements(t::jsonb -> 2) with ordinality as x(s, n)), '[]'::jsonb))
      else t::jsonb end $$`.execute(db);
  await sql`alter table decisions
    alter column event type jsonb using event::jsonb,
    alter column response type jsonb using (case when jsonb_typeof(response::jsonb) = 'array'
      then jsonb_build_object('decisionId', decision_id, 'eventId', event_id, 'eventType', event_type, 'outcome', outcome,
        'score', score, 'riskLevel', risk_level,
        'strategy', case when strategy_id is null then 'null'::jsonb else jsonb_build_object('id', strategy_id, 'version', strategy_version) end,
        'latencyMs', latency_ms, 'degraded', degraded) || (response::jsonb -> 1)
      else response::jsonb end),
    alter column trace type jsonb using pg_temp.vigil_0013_full_trace(trace)`.execute(db);
  await sql`drop function pg_temp.vigil_0013_full_trace(text)`.execute(db);
}
