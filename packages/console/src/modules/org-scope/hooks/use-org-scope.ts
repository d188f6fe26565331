import { useContext } from 'react';
import { OrgScopeContext, type OrgScope } from '../org-scope-context.ts';

export function useOrgScope(): OrgScope {
  return useContext(OrgScopeContext);
}

/**
 * The `org` query parameter of the chosen org, to spread into a request's query and its query
 * key, so that switching orgs refetches: `api.get('/api/v1/decisions', { query: { ...orgQuery } })`.
 */
export function useOrgQuery(): { org?: string } {
  const { selected } = useOrgScope();
  return selected ? { org: selected } : {};
}
