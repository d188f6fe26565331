import type { CaseAttachmentRecord } from '../repos/case-attachments.ts';
import type { CaseEventRecord } from '../repos/case-events.ts';
import type { CaseEvidenceRecord } from '../repos/case-evidence.ts';
import type { CaseLinkRecord } from '../repos/case-links.ts';
import type { CaseMemberRecord } from '../repos/case-members.ts';
import type { CaseNoteRecord } from '../repos/case-notes.ts';
import type { CaseTaskRecord } from '../repos/case-tasks.ts';
import type { CaseRecord } from '../repos/cases.ts';
import type { I18nText, Workflow } from './workflow.ts';

/** Markup that is already safe; everything else interpolated into {@link html} is escaped. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function part(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(String(v));
}

/**
 * A template tag that escapes every interpolated value (arrays are joined, `null`/`undefined`/
 * `false` render as nothing) except nested {@link Html}, so no text from a case can become markup.
 *
 * @example html`<td>${'<script>'}</td>`.text // '<td>&lt;script&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += part(v) + strings[i + 1]!));
  return new Html(out);
}

export type ReportLang = 'zh' | 'en';

const LABELS = {
  en: {
    report: 'Case report',
    generated: 'Generated',
    by: 'by',
    summary: 'Summary',
    type: 'Type',
    state: 'State',
    priority: 'Priority',
    org: 'Organisation',
    opened: 'Opened',
    due: 'Due',
    closed: 'Closed',
    mergedInto: 'Merged into',
    subject: 'Subject',
    amount: 'Amount',
    typology: 'Typology',
    conclusion: 'Conclusion',
    outcome: 'Outcome',
    loss: 'Loss',
    proposedBy: 'Proposed by',
    review: 'Review',
    none: 'None',
    members: 'Investigators',
    lead: 'lead',
    links: 'Linked alerts, decisions and entities',
    evidence: 'Evidence',
    attachments: 'Attachments',
    tasks: 'Tasks',
    notes: 'Notes',
    timeline: 'Timeline',
    when: 'When',
    who: 'Who',
    what: 'What',
    details: 'Details',
    from: 'from',
    kind: 'Kind',
    description: 'Description',
    refersTo: 'Refers to',
    status: 'Status',
    assignee: 'Assignee',
    file: 'File',
    size: 'Size',
  },
  zh: {
    report: '案件报告',
    generated: '生成时间',
    by: '生成人',
    summary: '概要',
    type: '案件类型',
    state: '状态',
    priority: '优先级',
    org: '机构',
    opened: '立案时间',
    due: '截止时间',
    closed: '结案时间',
    mergedInto: '已合并至',
    subject: '案件主体',
    amount: '金额',
    typology: '欺诈类型',
    conclusion: '结论',
    outcome: '结论类型',
    loss: '损失金额',
    proposedBy: '提出人',
    review: '复核',
    none: '无',
    members: '调查人员',
    lead: '主办',
    links: '关联预警、决策与实体',
    evidence: '证据清单',
    attachments: '附件',
    tasks: '任务',
    notes: '备注',
    timeline: '时间线',
    when: '时间',
    who: '操作人',
    what: '事项',
    details: '详情',
    from: '来自',
    kind: '类别',
    description: '说明',
    refersTo: '指向',
    status: '状态',
    assignee: '负责人',
    file: '文件',
    size: '大小',
  },
} as const;

export interface CaseReportInput {
  case: CaseRecord;
  typeName: I18nText;
  workflow: Workflow;
  orgName: string;
  members: CaseMemberRecord[];
  links: CaseLinkRecord[];
  tasks: CaseTaskRecord[];
  notes: CaseNoteRecord[];
  evidence: CaseEvidenceRecord[];
  attachments: CaseAttachmentRecord[];
  timeline: CaseEventRecord[];
  /** Case numbers of the cases merged entries came from. */
  numbers: Map<string, string>;
  generatedAt: Date;
  generatedBy: string;
  lang: ReportLang;
}

const STYLE = `
body{font:14px/1.5 -apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1f1f1f;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;border-bottom:1px solid #d9d9d9;padding-bottom:.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#fafafa;font-weight:600}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#595959}dd{margin:0}
.meta{color:#595959}.pre{white-space:pre-wrap;word-break:break-word}.origin{color:#8c8c8c;font-size:.85em}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}`;

/**
 * A case report as one self-contained HTML page (inline style, no script, no external resource):
 * header, subject, conclusion and review, investigators, linked alerts and decisions, evidence,
 * attachments (listed), tasks, notes and the full timeline. Every text from the case is escaped.
 */
export function renderCaseReport(r: CaseReportInput): string {
  const L = LABELS[r.lang];
  const c = r.case;
  const t = (x: I18nText) => x[r.lang];
  const stateName = (key: string) => {
    const s = r.workflow.states.find((x) => x.key === key);
    return s ? t(s.name) : key;
  };
  const at = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '');
  const money = (n: number | null | undefined, cur: string | null) => (n === null || n === undefined ? '' : `${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}${cur ? ` ${cur}` : ''}`);
  const origin = (id: string | null) => (id ? html` <span class="origin">(${L.from} ${r.numbers.get(id) ?? id})</span>` : '');
  const empty = (cols: number) => html`<tr><td colspan="${cols}">${L.none}</td></tr>`;
  const conclusion = c.conclusion;

  const doc = html`<!DOCTYPE html>
<html lang="${r.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${c.number} · ${c.title}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header>
<h1>${L.report} ${c.number}</h1>
<div class="pre">${c.title}</div>
<p class="meta">${L.generated}: ${at(r.generatedAt)} · ${L.by}: ${r.generatedBy}</p>
</header>
<h2>${L.summary}</h2>
<dl>
<dt>${L.type}</dt><dd>${t(r.typeName)} (${c.typeKey})</dd>
<dt>${L.state}</dt><dd>${stateName(c.state)} (${c.phase})</dd>
<dt>${L.priority}</dt><dd>${c.priority}</dd>
<dt>${L.org}</dt><dd>${r.orgName} (${c.orgId})</dd>
<dt>${L.opened}</dt><dd>${at(c.openedAt)} · ${c.openedBy}</dd>
${c.dueAt ? html`<dt>${L.due}</dt><dd>${at(c.dueAt)}</dd>` : ''}
${c.closedAt ? html`<dt>${L.closed}</dt><dd>${at(c.closedAt)}</dd>` : ''}
${c.mergedInto ? html`<dt>${L.mergedInto}</dt><dd>${r.numbers.get(c.mergedInto) ?? c.mergedInto}</dd>` : ''}
<dt>${L.amount}</dt><dd>${money(c.amount, c.currency)}</dd>
<dt>${L.typology}</dt><dd>${c.typology ?? ''}</dd>
</dl>
<h2>${L.subject}</h2>
<dl><dt>${c.subjectType}</dt><dd>${c.subjectDisplay}</dd></dl>
<h2>${L.conclusion}</h2>
${
  conclusion
    ? html`<dl>
<dt>${L.outcome}</dt><dd>${conclusion.outcome}</dd>
<dt>${L.loss}</dt><dd>${money(conclusion.lossAmount, c.currency)}</dd>
<dt>${L.typology}</dt><dd>${conclusion.typology ?? ''}</dd>
<dt>${L.proposedBy}</dt><dd>${conclusion.proposedBy} · ${at(conclusion.proposedAt)}</dd>
<dt>${L.summary}</dt><dd class="pre">${conclusion.summary}</dd>
<dt>${L.review}</dt><dd>${conclusion.review ? html`${conclusion.review.decision} · ${conclusion.review.reviewer} · ${at(conclusion.review.at)}<div class="pre">${conclusion.review.note}</div>` : L.none}</dd>
</dl>`
    : html`<p>${L.none}</p>`
}
<h2>${L.members}</h2>
<ul>${r.members.length ? r.members.map((m) => html`<li>${m.username}${m.lead ? html` (${L.lead})` : ''}</li>`) : html`<li>${L.none}</li>`}</ul>
<h2>${L.links}</h2>
<table><tr><th>${L.kind}</th><th>${L.description}</th><th>${L.when}</th></tr>
${r.links.length ? r.links.map((l) => html`<tr><td>${l.kind}</td><td>${l.display}${l.decisionId ? html`<br><span class="meta">${l.decisionId}</span>` : ''}${l.alertId ? html`<br><span class="meta">${l.alertId}</span>` : ''}${origin(l.originCaseId)}</td><td>${at(l.addedAt)}</td></tr>`) : empty(3)}
</table>
<h2>${L.evidence}</h2>
<table><tr><th>${L.kind}</th><th>${L.description}</th><th>${L.refersTo}</th><th>${L.who}</th></tr>
${
  r.evidence.length
    ? r.evidence.map((e) => {
        const file = e.attachmentId ? r.attachments.find((a) => a.id === e.attachmentId) : undefined;
        const link = e.linkId ? r.links.find((l) => l.id === e.linkId) : undefined;
        return html`<tr><td>${e.kind}</td><td class="pre">${e.description}${origin(e.originCaseId)}</td><td>${file ? html`${file.fileName} (sha256 ${file.sha256.slice(0, 16)}…)` : ''}${link ? link.display : ''}</td><td>${e.addedBy}<br>${at(e.addedAt)}</td></tr>`;
      })
    : empty(4)
}
</table>
<h2>${L.attachments}</h2>
<table><tr><th>${L.file}</th><th>${L.size}</th><th>SHA-256</th><th>${L.who}</th></tr>
${r.attachments.length ? r.attachments.map((a) => html`<tr><td>${a.fileName} <span class="meta">${a.mediaType}</span>${origin(a.originCaseId)}</td><td>${a.size}</td><td class="meta">${a.sha256}</td><td>${a.uploadedBy}<br>${at(a.uploadedAt)}</td></tr>`) : empty(4)}
</table>
<h2>${L.tasks}</h2>
<table><tr><th>${L.description}</th><th>${L.assignee}</th><th>${L.due}</th><th>${L.status}</th></tr>
${r.tasks.length ? r.tasks.map((k) => html`<tr><td class="pre">${k.title}${origin(k.originCaseId)}</td><td>${k.assignee ?? ''}</td><td>${at(k.dueAt)}</td><td>${k.status}${k.doneBy ? html` · ${k.doneBy} · ${at(k.doneAt)}` : ''}</td></tr>`) : empty(4)}
</table>
<h2>${L.notes}</h2>
${r.notes.length ? r.notes.map((n) => html`<p><span class="meta">${at(n.at)} · ${n.author}</span>${origin(n.originCaseId)}<br><span class="pre">${n.body}</span></p>`) : html`<p>${L.none}</p>`}
<h2>${L.timeline}</h2>
<table><tr><th>${L.when}</th><th>${L.who}</th><th>${L.what}</th><th>${L.details}</th></tr>
${r.timeline.map((e) => html`<tr><td>${at(e.at)}</td><td>${e.actor}</td><td>${e.kind}${origin(e.originCaseId)}</td><td class="pre">${describe(e.details)}</td></tr>`)}
</table>
</body>
</html>
`;
  return doc.text;
}

/** A timeline entry's details as short `key: value` lines. */
function describe(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}
