import { CelCompileError, compileExpression, createCelEnvironment, type CompiledExpression } from '@vigil/cel';
import type { FeatureDefinition } from './features/index.ts';
import { CONTEXT_VARIABLES, eventCelType } from './cel-env.ts';
import type { CompiledStrategy } from './compile-strategy.ts';
import { ValidationError } from './validation-error.ts';
import type { EventTypeDef } from './types.ts';

/** One feature state that an event of a given type updates. */
export interface FeatureWrite {
  def: FeatureDefinition;
  defId: string;
  /** Compiled against the observed event type; null when the definition has no filter. */
  filter: CompiledExpression | null;
}

/**
 * Which feature states each event type updates: the union of the feature definitions of every
 * active strategy, so a feature defined in the card strategy also counts ATM withdrawals when its
 * `eventTypes` says so. Rebuilt whenever the set of active strategies changes.
 */
export class FeaturePlan {
  private readonly writes = new Map<string, FeatureWrite[]>();
  private readonly feedbackWrites = new Map<string, FeatureWrite[]>();
  /** Feature filters that no longer compile against an event type they count. */
  readonly problems: Array<{ feature: string; eventType: string; message: string }> = [];

  constructor(strategies: CompiledStrategy[], eventTypes: Map<string, EventTypeDef>) {
    const seen = new Map<string, Set<string>>();
    for (const s of strategies) {
      for (const f of s.features) {
        for (const et of f.def.eventTypes) {
          const etDef = eventTypes.get(et);
          if (!etDef) continue;
          const ids = seen.get(et) ?? new Set<string>();
          seen.set(et, ids);
          if (ids.has(f.defId)) continue;
          if (!f.def.by.every((b) => etDef.fields[b])) continue;
          ids.add(f.defId);
          let filter: CompiledExpression | null = null;
          if (f.def.filter) {
            try {
              filter = compileFilter(f.def, etDef);
            } catch (e) {
              // Checked when the strategy was compiled; only an event type changed since can fail
              // here. That type then does not feed the feature, and the problem is reported.
              this.problems.push({ feature: f.def.name, eventType: et, message: (e as Error).message });
              continue;
            }
          }
          const target = f.def.on === 'feedback' ? this.feedbackWrites : this.writes;
          const list = target.get(et) ?? [];
          target.set(et, list);
          list.push({ def: f.def, defId: f.defId, filter });
        }
      }
    }
  }

  /** Feature states an event of this type updates. */
  writesFor(eventType: string): readonly FeatureWrite[] {
    return this.writes.get(eventType) ?? [];
  }

  /** Feature states that feedback on a decision of this type updates. */
  feedbackWritesFor(eventType: string): readonly FeatureWrite[] {
    return this.feedbackWrites.get(eventType) ?? [];
  }
}

/** What a feedback feature's filter can read besides the decided event. */
const FEEDBACK_TYPE = { challengeResult: 'string', businessStatus: 'string' } as const;

/**
 * Filters see only the event itself (and, for feedback features, the feedback): they decide
 * whether something counts, before any rule runs.
 */
export function compileFilter(def: FeatureDefinition, eventType: EventTypeDef): CompiledExpression {
  const variables = { ...CONTEXT_VARIABLES, event: eventCelType(eventType), ...(def.on === 'feedback' ? { feedback: FEEDBACK_TYPE } : {}) };
  const env = createCelEnvironment({ variables });
  try {
    return compileExpression(env, def.filter ?? 'true');
  } catch (e) {
    if (e instanceof CelCompileError) {
      throw new ValidationError('INVALID_STRATEGY', [
        { path: `features.${def.name}.filter`, code: e.code, message: `for event type ${eventType.key}: ${e.message}` },
      ]);
    }
    throw e;
  }
}
