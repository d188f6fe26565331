import { App } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { alertsApi } from '../../../api/alerts-api.ts';
import type { Disposition } from '../../../api/types.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** What every handling step refreshes: the lists and details of alerts, and the queues' counts. */
export const ALERT_KEYS = [['alerts'], ['alert-queues']] as const;

/**
 * The handling steps of an alert as mutations: each refreshes what shows alerts and queues and
 * tells the user the outcome (a refusal — someone claimed it first — in their language).
 */
export function useAlertSteps() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useI18n();
  const refresh = () => Promise.all(ALERT_KEYS.map((queryKey) => qc.invalidateQueries({ queryKey: [...queryKey] })));
  const onError = (e: unknown) => {
    void message.error(errorText(t, e));
    void refresh();
  };
  const done = (text: string) => async () => {
    void message.success(text);
    await refresh();
  };
  return {
    claim: useMutation({ mutationFn: (id: string) => alertsApi.claim(id), onSuccess: done(t('alerts.done.claimed')), onError }),
    release: useMutation({ mutationFn: (id: string) => alertsApi.release(id), onSuccess: done(t('alerts.done.released')), onError }),
    assign: useMutation({ mutationFn: (v: { id: string; assignee: string; note?: string }) => alertsApi.assign(v.id, v.assignee, v.note), onSuccess: done(t('alerts.done.assigned')) }),
    note: useMutation({ mutationFn: (v: { id: string; text: string }) => alertsApi.note(v.id, v.text), onSuccess: done(t('alerts.done.noted')) }),
    reopen: useMutation({ mutationFn: (v: { id: string; note?: string }) => alertsApi.reopen(v.id, v.note), onSuccess: done(t('alerts.done.reopened')) }),
    dispose: useMutation({
      mutationFn: (v: { id: string; disposition: Disposition; note?: string }) => alertsApi.dispose(v.id, v.disposition, v.note),
      onSuccess: async (r) => {
        void message.success({
          content: r.cases.length ? t('alerts.done.disposedCases', { labelled: r.labelled, cases: r.cases.join(', ') }) : t('alerts.done.disposed', { labelled: r.labelled }),
          duration: 8,
          // The e2e suite reads the outcome from here.
          className: 'alert-disposed-message',
        });
        await refresh();
      },
    }),
  };
}
