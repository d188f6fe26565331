import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { alertsApi } from '../../../api/alerts-api.ts';
import { useText } from '../../../components/use-text.ts';

export const CATEGORIES_KEY = ['alert-categories'] as const;

/** The categories as they apply to the user's org, and a category's name by key (the key itself when it has none). */
export function useAlertCategories() {
  const text = useText();
  const q = useQuery({ queryKey: [...CATEGORIES_KEY, 'mine'], queryFn: () => alertsApi.categories(), staleTime: 300_000 });
  const items = q.data?.items;
  const name = useCallback(
    (key: string) => {
      const c = items?.find((x) => x.key === key);
      return c ? text(c.name) || key : key;
    },
    [items, text],
  );
  return { categories: items ?? [], name, query: q };
}
