import { useOrgScope } from '../modules/org-scope/hooks/use-org-scope.ts';
import { useText } from './use-text.ts';

/** An org's name in the user's language (its id when the caller cannot see the org tree). */
export function OrgName({ id }: { id: string }) {
  const { orgs } = useOrgScope();
  const text = useText();
  const org = orgs.find((o) => o.id === id);
  return <>{org ? text(org.name) : id}</>;
}
