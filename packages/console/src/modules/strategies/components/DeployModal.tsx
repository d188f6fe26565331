import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Segmented, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CanaryRequest, DeployMode } from '../../../api/strategies-api.ts';
import { strategiesApi } from '../strategies-client.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { validCanaryPercent } from '../utils/lifecycle.ts';
import { NoteModal } from './NoteModal.tsx';

/**
 * Deploying a version as a challenger (shadow), on a slice of the traffic (canary) or as the
 * champion (live), now or at a chosen time (the union's). The user confirms with the reason,
 * which the audit log keeps.
 */
export function DeployModal(p: { mode: DeployMode; id: string; version: number; eventType: string; union: boolean; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const text = useText();
  const { orgs } = useOrgScope();
  // A bank runs a canary on its own orgs only; a share of all traffic is the union's.
  const [slice, setSlice] = useState<'percent' | 'orgs'>(p.union ? 'percent' : 'orgs');
  const [percent, setPercent] = useState<number | null>(5);
  const [key, setKey] = useState('customer_id');
  const [canaryOrgs, setCanaryOrgs] = useState<string[]>([]);
  const [at, setAt] = useState<Dayjs | null>(null);
  const deploy = useMutation({
    mutationFn: (reason: string) => {
      const canary: CanaryRequest | undefined = p.mode !== 'canary' ? undefined : slice === 'percent' ? { percent: percent!, key: key.trim() } : { orgs: canaryOrgs };
      return strategiesApi.deploy(p.id, p.version, { mode: p.mode, reason, ...(canary ? { canary } : {}), ...(at ? { at: at.toISOString() } : {}) });
    },
    onSuccess: p.onDone,
  });
  const valid = p.mode !== 'canary' || (slice === 'percent' ? validCanaryPercent(percent) && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key.trim()) : canaryOrgs.length > 0);
  return (
    <NoteModal
      open
      testId="dialog-deploy"
      title={t(`strategies.deploy.title.${p.mode}`, { id: p.id, version: p.version })}
      explanation={t(`strategies.deploy.help.${p.mode}`, { eventType: p.eventType })}
      noteLabel={t('strategies.dialog.reason')}
      required
      okText={t(`strategies.action.deploy${p.mode === 'live' ? 'Live' : p.mode === 'shadow' ? 'Shadow' : 'Canary'}`)}
      danger={p.mode === 'live'}
      valid={valid}
      pending={deploy.isPending}
      error={deploy.error}
      onSubmit={(reason) => deploy.mutate(reason)}
      onClose={p.onClose}
    >
      {p.mode === 'canary' && (
        <>
          {p.union && (
            <Form.Item label={t('strategies.deploy.slice')}>
              <Segmented
                value={slice}
                onChange={(v) => setSlice(v as 'percent' | 'orgs')}
                options={[
                  { value: 'percent', label: t('strategies.deploy.byShare') },
                  { value: 'orgs', label: t('strategies.deploy.byOrgs') },
                ]}
              />
            </Form.Item>
          )}
          {slice === 'percent' ? (
            <>
              <Form.Item label={t('strategies.deploy.percent')} required validateStatus={validCanaryPercent(percent) ? undefined : 'error'} help={validCanaryPercent(percent) ? undefined : t('strategies.deploy.percentInvalid')}>
                <InputNumber min={0.01} max={100} step={0.01} value={percent} onChange={setPercent} addonAfter="%" data-testid="deploy-percent" />
              </Form.Item>
              <Form.Item label={t('strategies.deploy.key')} required help={t('strategies.deploy.keyHelp')}>
                <Input value={key} onChange={(e) => setKey(e.target.value)} maxLength={64} data-testid="deploy-key" />
              </Form.Item>
            </>
          ) : (
            <Form.Item label={t('strategies.deploy.orgs')} required>
              <Select mode="multiple" value={canaryOrgs} onChange={setCanaryOrgs} options={orgs.filter((o) => o.id !== 'root').map((o) => ({ value: o.id, label: text(o.name) }))} data-testid="deploy-orgs" />
            </Form.Item>
          )}
        </>
      )}
      {p.union && (
        <Form.Item label={t('strategies.deploy.at')} help={t('strategies.deploy.atHelp')}>
          <DatePicker showTime value={at} onChange={setAt} disabledDate={(d) => d.isBefore(new Date(), 'day')} data-testid="deploy-at" />
        </Form.Item>
      )}
    </NoteModal>
  );
}
