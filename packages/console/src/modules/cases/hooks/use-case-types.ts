import { useQuery } from '@tanstack/react-query';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseType } from '../../../api/types.ts';

/** The case types that apply to an org (default the caller's), inherited ones included. */
export function useCaseTypes(org?: string) {
  return useQuery({ queryKey: ['cases', 'types', org ?? ''], queryFn: () => casesApi.caseTypes(org).then((r) => r.items), staleTime: 60_000 });
}

/** Every state key of these types once, with the first name found: the search's state picker. */
export function stateChoices(types: readonly CaseType[]): Array<{ key: string; name: { zh: string; en: string } }> {
  const seen = new Map<string, { zh: string; en: string }>();
  for (const t of types) for (const s of t.workflow.states) if (!seen.has(s.key)) seen.set(s.key, s.name);
  return [...seen].map(([key, name]) => ({ key, name }));
}
