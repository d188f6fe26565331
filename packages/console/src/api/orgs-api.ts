import type { HttpClient } from './http-client.ts';
import type { OrgListResponse } from './types.ts';

export function orgsApi(http: HttpClient) {
  return {
    /** The org tree the caller may see (`org.read`). */
    list: () => http.get<OrgListResponse>('/api/v1/orgs'),
  };
}
