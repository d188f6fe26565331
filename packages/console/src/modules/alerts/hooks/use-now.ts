import { useEffect, useState } from 'react';
import { useDocumentVisible } from '../../monitoring/hooks/use-document-visible.ts';

/** The time now, ticking every `everyMs` while the tab is shown (countdowns stand still in a hidden tab). */
export function useNow(everyMs = 1000): number {
  const visible = useDocumentVisible();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!visible) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [visible, everyMs]);
  return now;
}
