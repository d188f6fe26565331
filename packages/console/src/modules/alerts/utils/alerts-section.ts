/** The alert center's sections, as its sub-navigation selects them. */
export type AlertsSection = 'queue' | 'queues' | 'search' | 'admin';

/** The section a location of the alert center belongs to; an alert's own page belongs to none. */
export function alertsSection(pathname: string): AlertsSection | undefined {
  const rest = pathname.replace(/\/+$/, '');
  if (rest === '/alerts') return 'queue';
  const m = /^\/alerts\/(queues|search|admin)(\/|$)/.exec(rest);
  return m ? (m[1] as AlertsSection) : undefined;
}
