import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseTransition } from '../../../api/types.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { CASE_OUTCOMES, conclusionRequest, type ConclusionForm } from '../model/case-workflow.ts';

/** Proposes the conclusion, which takes the case along `transition` into review. */
export function ConclusionModal({ transition, onClose }: { transition: CaseTransition | undefined; onClose(): void }) {
  const { t } = useI18n();
  const text = useText();
  const { c } = useCasePage();
  const [form] = Form.useForm<ConclusionForm>();
  const outcome = Form.useWatch('outcome', form);
  const propose = useCaseWrite((id, v: ConclusionForm) => casesApi.conclude(id, conclusionRequest(v, c.version)), onClose, onClose);
  useEffect(() => {
    if (!transition) return;
    propose.reset();
    form.resetFields();
    form.setFieldsValue({ outcome: 'fraud_confirmed', lossAmount: c.amount, typology: c.typology ?? undefined, summary: '', transition: transition.key });
    // Reset only when the dialog opens.
  }, [transition]);
  const fraud = outcome === 'fraud_confirmed';
  return (
    <Modal
      open={!!transition}
      width={620}
      title={transition ? text(transition.name) : ''}
      okText={t('cases.conclusion.submit')}
      cancelText={t('cases.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={propose.isPending}
      okButtonProps={{ 'data-testid': 'conclusion-submit' }}
      forceRender
    >
      <div data-testid="dialog-conclusion">
        <Typography.Paragraph type="secondary">{transition ? t('cases.conclusion.explain', { state: text(transition.toName) }) : ''}</Typography.Paragraph>
        <ErrorDetails error={propose.error} />
        <Form<ConclusionForm> form={form} name="conclusion" layout="vertical" onFinish={(v) => propose.mutate(v)}>
          <Form.Item name="transition" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="outcome" label={t('cases.conclusion.outcome')} rules={[{ required: true, message: t('cases.required') }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={CASE_OUTCOMES.map((o) => ({ value: o, label: <span data-testid={`conclusion-outcome-${o}`}>{t(`cases.outcome.${o}`)}</span> }))}
            />
          </Form.Item>
          {fraud && (
            <>
              <Form.Item name="lossAmount" label={t('cases.conclusion.loss', { currency: c.currency ?? '' })} rules={[{ required: true, message: t('cases.conclusion.lossRequired') }]}>
                <InputNumber min={0} style={{ width: 220 }} data-testid="conclusion-loss" />
              </Form.Item>
              <Form.Item name="typology" label={t('cases.field.typology')} rules={[{ required: true, whitespace: true, message: t('cases.conclusion.typologyRequired') }, { max: 64 }]} extra={t('cases.conclusion.typologyHint')}>
                <Input data-testid="conclusion-typology" />
              </Form.Item>
            </>
          )}
          <Form.Item name="summary" label={t('cases.conclusion.summary')} rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 4000 }]}>
            <Input.TextArea rows={4} data-testid="conclusion-summary" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
