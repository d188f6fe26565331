import type { CaseTypeInput } from '../repos/case-types.ts';
import type { I18nText, WorkflowState, WorkflowTransition } from './workflow.ts';

const state = (key: string, zh: string, en: string, phase: WorkflowState['phase']): WorkflowState => ({ key, name: { zh, en }, phase });
const move = (key: string, from: string, to: string, name: I18nText, permission: WorkflowTransition['permission'], requires?: WorkflowTransition['requires']): WorkflowTransition => ({
  key,
  from,
  to,
  name,
  permission,
  ...(requires ? { requires } : {}),
});

/**
 * The case types the union defines for every member bank (the demo seeds them at the root org;
 * a bank overrides one by defining a type of the same key). Each follows the same shape: work
 * starts, the investigator proposes a conclusion (into review), a reviewer approves (closed) or
 * sends it back; a reviewer may dismiss a case before work starts and reopen a closed one.
 */
export const BUILT_IN_CASE_TYPES: readonly CaseTypeInput[] = [
  {
    key: 'fraud_investigation',
    name: { zh: '欺诈调查', en: 'Fraud investigation' },
    description: 'Card, account and channel fraud: what happened, what was lost, who is behind it.',
    subjectTypes: ['customer', 'account', 'card', 'merchant', 'terminal', 'device'],
    initialState: 'open',
    workflow: {
      states: [state('open', '待处理', 'Open', 'open'), state('investigating', '调查中', 'Investigating', 'active'), state('pending_review', '待复核', 'Pending review', 'review'), state('closed', '已结案', 'Closed', 'closed')],
      transitions: [
        move('start', 'open', 'investigating', { zh: '开始调查', en: 'Start investigating' }, 'case.investigate'),
        move('submit_for_review', 'investigating', 'pending_review', { zh: '提交复核', en: 'Submit for review' }, 'case.investigate', 'conclusion'),
        move('approve', 'pending_review', 'closed', { zh: '复核通过并结案', en: 'Approve and close' }, 'case.review', 'approval'),
        move('send_back', 'pending_review', 'investigating', { zh: '退回补充调查', en: 'Send back' }, 'case.review', 'rejection'),
        move('dismiss', 'open', 'closed', { zh: '不予立案', en: 'Dismiss' }, 'case.review'),
        move('reopen', 'closed', 'investigating', { zh: '重新开启', en: 'Reopen' }, 'case.review'),
      ],
    },
  },
  {
    key: 'merchant_review',
    name: { zh: '商户核查', en: 'Merchant review' },
    description: 'A merchant or terminal under suspicion: cash-out, fake transactions, collusion.',
    subjectTypes: ['merchant', 'terminal'],
    initialState: 'open',
    workflow: {
      states: [state('open', '待核查', 'Open', 'open'), state('reviewing', '核查中', 'Reviewing', 'active'), state('on_site', '现场核查', 'On-site visit', 'active'), state('pending_approval', '待审批', 'Pending approval', 'review'), state('closed', '已办结', 'Closed', 'closed')],
      transitions: [
        move('start', 'open', 'reviewing', { zh: '开始核查', en: 'Start review' }, 'case.investigate'),
        move('visit', 'reviewing', 'on_site', { zh: '安排现场核查', en: 'Visit on site' }, 'case.investigate'),
        move('back_from_site', 'on_site', 'reviewing', { zh: '现场核查完成', en: 'Back from the site' }, 'case.investigate'),
        move('submit', 'reviewing', 'pending_approval', { zh: '提交审批', en: 'Submit for approval' }, 'case.investigate', 'conclusion'),
        move('approve', 'pending_approval', 'closed', { zh: '审批通过', en: 'Approve' }, 'case.review', 'approval'),
        move('return', 'pending_approval', 'reviewing', { zh: '退回', en: 'Return' }, 'case.review', 'rejection'),
        move('dismiss', 'open', 'closed', { zh: '不予核查', en: 'Dismiss' }, 'case.review'),
        move('reopen', 'closed', 'reviewing', { zh: '重新开启', en: 'Reopen' }, 'case.review'),
      ],
    },
  },
  {
    key: 'aml_referral',
    name: { zh: '可疑交易移送', en: 'AML referral' },
    description: 'Suspicious activity of a customer or account, analysed before it is referred to the AML team.',
    subjectTypes: ['customer', 'account'],
    initialState: 'open',
    workflow: {
      states: [state('open', '待分析', 'Open', 'open'), state('analysing', '分析中', 'Analysing', 'active'), state('pending_review', '待复核', 'Pending review', 'review'), state('referred', '已移送', 'Referred', 'closed')],
      transitions: [
        move('start', 'open', 'analysing', { zh: '开始分析', en: 'Start analysing' }, 'case.investigate'),
        move('submit_for_review', 'analysing', 'pending_review', { zh: '提交复核', en: 'Submit for review' }, 'case.investigate', 'conclusion'),
        move('refer', 'pending_review', 'referred', { zh: '复核通过并移送', en: 'Approve and refer' }, 'case.review', 'approval'),
        move('send_back', 'pending_review', 'analysing', { zh: '退回', en: 'Send back' }, 'case.review', 'rejection'),
        move('reopen', 'referred', 'analysing', { zh: '重新开启', en: 'Reopen' }, 'case.review'),
      ],
    },
  },
];
