import type { NavPage } from '../../shell/nav-items.ts';
import { SectionPage } from '../../sections/components/SectionPage.tsx';

export function DecisionsRoutes({ page }: { page: NavPage }) {
  return <SectionPage page={page} />;
}
