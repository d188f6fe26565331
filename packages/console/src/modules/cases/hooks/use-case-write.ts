import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail } from '../../../api/types.ts';
import { isStaleVersion } from '../model/case-workflow.ts';
import { useCasePage } from './case-page-context.ts';

const isDetail = (v: unknown): v is CaseDetail => !!v && typeof v === 'object' && 'availableTransitions' in v && 'version' in v;

/**
 * A change to the open case: on success the page shows the case as the server answered it (or
 * reads it again) with its timeline; a 409 at `version` asks the user to reload instead of
 * showing a bare error (and `onStale` closes the dialog that sent it).
 */
export function useCaseWrite<V, R>(fn: (caseId: string, vars: V) => Promise<R>, onDone?: (result: R) => void, onStale?: () => void) {
  const qc = useQueryClient();
  const { c, markStale } = useCasePage();
  return useMutation({
    mutationFn: (vars: V) => fn(c.id, vars),
    onSuccess: async (result) => {
      const detail = isDetail(result) ? result : isDetail((result as { case?: unknown } | undefined)?.case) ? (result as unknown as { case: CaseDetail }).case : undefined;
      if (detail) qc.setQueryData(['cases', 'detail', c.id], detail);
      else await qc.invalidateQueries({ queryKey: ['cases', 'detail', c.id] });
      await qc.invalidateQueries({ queryKey: ['cases', 'timeline', c.id] });
      void qc.invalidateQueries({ queryKey: ['cases', 'search'] });
      onDone?.(result);
    },
    onError: (e) => {
      if (!isStaleVersion(e)) return;
      markStale();
      // The dialog that sent it closes: the page's own warning says what to do.
      onStale?.();
    },
  });
}
