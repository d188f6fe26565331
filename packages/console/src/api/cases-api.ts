import { http } from './client.ts';
import { withQuery, type HttpClient, type Query } from './http-client.ts';
import type {
  AlertCategoryListResponse,
  CaseAttachment,
  CaseConclusionRequest,
  CaseDetail,
  CaseEvidence,
  CaseEvidenceRequest,
  CaseImportResult,
  CaseLinkRequest,
  CaseLinkResult,
  CaseMember,
  CaseMergeResult,
  CaseNote,
  CasePage,
  CaseReviewResult,
  CaseRule,
  CaseRuleListResponse,
  CaseTask,
  CaseTaskRequest,
  CaseTimelinePage,
  CaseType,
  CaseTypeListResponse,
  CreateCaseRequest,
  CreateCaseRuleRequest,
  CreateCaseTypeRequest,
  PatchCaseRequest,
  PatchCaseTaskRequest,
  ReplaceCaseRuleRequest,
  ReplaceCaseTypeRequest,
} from './types.ts';

const enc = encodeURIComponent;
const c = (id: string) => `/api/v1/cases/${enc(id)}`;

/** The report's language: the API names it `zh` or `en`. */
export type ReportLang = 'zh' | 'en';

/**
 * The case center's routes as the console calls them (`case.read` to read; `case.investigate`,
 * `case.review` or `case.configure` to change, as docs/api.md "Case center" says). Writes that
 * change the case itself name the `version` read, and a case changed meanwhile answers 409.
 */
export function casesApiOf(h: HttpClient) {
  return {
    search: (query: Query, signal?: AbortSignal) => h.get<CasePage>('/api/v1/cases', { query, signal }),
    get: (id: string) => h.get<CaseDetail>(c(id)),
    create: (b: CreateCaseRequest) => h.post<CaseDetail>('/api/v1/cases', b),
    /** The CSV file as text (RFC 4180, at most 2 MiB and 5,000 rows). */
    importCsv: (csv: string) => h.post<CaseImportResult>('/api/v1/cases/import', csv, { contentType: 'text/csv' }),
    patch: (id: string, b: PatchCaseRequest) => h.patch<CaseDetail>(c(id), b),
    timeline: (id: string, cursor?: string, limit = 500) => h.get<CaseTimelinePage>(`${c(id)}/timeline`, { query: { cursor, limit } }),

    transition: (id: string, transition: string, version: number, note: string) => h.post<CaseDetail>(`${c(id)}/transitions`, { transition, version, note }),
    conclude: (id: string, b: CaseConclusionRequest) => h.post<CaseDetail>(`${c(id)}/conclusion`, b),
    review: (id: string, decision: 'approve' | 'reject', version: number, note: string) => h.post<CaseReviewResult>(`${c(id)}/review`, { decision, version, note }),
    merge: (id: string, from: string[], version: number) => h.post<CaseMergeResult>(`${c(id)}/merge`, { from, version }),

    addMember: (id: string, username: string, lead = false) => h.post<CaseMember>(`${c(id)}/members`, { username, lead }),
    removeMember: (id: string, username: string) => h.delete<void>(`${c(id)}/members/${enc(username)}`),

    addTask: (id: string, b: CaseTaskRequest) => h.post<CaseTask>(`${c(id)}/tasks`, b),
    patchTask: (id: string, taskId: string, b: PatchCaseTaskRequest) => h.patch<CaseTask>(`${c(id)}/tasks/${enc(taskId)}`, b),
    completeTask: (id: string, taskId: string) => h.post<CaseTask>(`${c(id)}/tasks/${enc(taskId)}/complete`),
    removeTask: (id: string, taskId: string) => h.delete<void>(`${c(id)}/tasks/${enc(taskId)}`),

    addNote: (id: string, body: string) => h.post<CaseNote>(`${c(id)}/notes`, { body }),
    addLinks: (id: string, b: CaseLinkRequest) => h.post<CaseLinkResult>(`${c(id)}/links`, b),
    addEvidence: (id: string, b: CaseEvidenceRequest) => h.post<CaseEvidence>(`${c(id)}/evidence`, b),
    removeEvidence: (id: string, evidenceId: string) => h.delete<void>(`${c(id)}/evidence/${enc(evidenceId)}`),

    /** The file is the body; its name travels percent-encoded in `x-file-name`. */
    upload: (id: string, file: Blob, fileName: string) => h.post<CaseAttachment>(`${c(id)}/attachments`, file, { headers: { 'x-file-name': enc(fileName) } }),
    /** Where the browser downloads an attachment (a plain GET with the session cookie). */
    attachmentUrl: (id: string, attachmentId: string) => `${c(id)}/attachments/${enc(attachmentId)}`,
    /** Where the browser downloads the report (one self-contained HTML file). */
    reportUrl: (id: string, lang: ReportLang) => withQuery(`${c(id)}/report`, { lang }),
    /** The report's HTML, to show it in a new tab. */
    reportHtml: (id: string, lang: ReportLang) => h.get<string>(`${c(id)}/report`, { query: { lang } }),

    caseTypes: (org?: string) => h.get<CaseTypeListResponse>('/api/v1/case-types', { query: { org } }),
    createCaseType: (b: CreateCaseTypeRequest) => h.post<CaseType>('/api/v1/case-types', b),
    replaceCaseType: (id: string, b: ReplaceCaseTypeRequest) => h.put<CaseType>(`/api/v1/case-types/${enc(id)}`, b),
    deleteCaseType: (id: string) => h.delete<void>(`/api/v1/case-types/${enc(id)}`),

    caseRules: (org?: string) => h.get<CaseRuleListResponse>('/api/v1/case-rules', { query: { org } }),
    createCaseRule: (b: CreateCaseRuleRequest) => h.post<CaseRule>('/api/v1/case-rules', b),
    replaceCaseRule: (id: string, b: ReplaceCaseRuleRequest) => h.put<CaseRule>(`/api/v1/case-rules/${enc(id)}`, b),
    deleteCaseRule: (id: string) => h.delete<void>(`/api/v1/case-rules/${enc(id)}`),

    /** The alert categories a rule may name (`alert.read`). */
    alertCategories: () => h.get<AlertCategoryListResponse>('/api/v1/alert-categories'),
  };
}

export const casesApi = casesApiOf(http);
