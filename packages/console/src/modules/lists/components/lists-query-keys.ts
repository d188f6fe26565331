/** TanStack query keys of the lists pages: invalidating LISTS_KEY refreshes every list, list and entry page. */
export const LISTS_KEY = ['catalog', 'lists'] as const;
export const listKey = (id: string) => [...LISTS_KEY, 'one', id] as const;
export const entriesKey = (id: string) => [...LISTS_KEY, 'entries', id] as const;
