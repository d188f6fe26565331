import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { caseAttachmentContent, countCaseAttachments, getCaseAttachment, insertCaseAttachment } from '../repos/case-attachments.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { getCase, touchCase } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_CASE, checkAttachment } from '../cases/attachment-content.ts';
import { requireCase, requireOpen } from '../cases/case-context.ts';
import { attachmentView, caseWrite } from './case-common.ts';
import { CaseAttachmentSchema } from './case-schema.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam } from './common.ts';

const AttachmentParam = Type.Object({ ...IdParam.properties, attachmentId: IdParam.properties.id });
const FileNameHeader = 'x-file-name';

/** `filename="…"` (ASCII, for old clients) and `filename*=UTF-8''…` (the real name, RFC 6266 / 8187). */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * A case's attachments: uploaded as the raw request body (any content type; the file name in the
 * `x-file-name` header, percent-encoded UTF-8), at most 5 MiB each and 50 per case, and accepted
 * only when their content is of an allowed kind (checked by its leading bytes, not by the name or
 * the declared type). Downloads are always attachments (`nosniff`, a sandboxing CSP), audited.
 */
export const caseAttachmentRoutes = (s: Services) => async (app: FastifyInstance) => {
  // This plugin's own parsers: every upload is read as bytes, whatever it declares (the content
  // decides what it is). Encapsulated: the rest of the API keeps its JSON and text parsers.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/cases/:id/attachments',
    {
      bodyLimit: ATTACHMENT_MAX_BYTES,
      config: { permission: 'case.investigate' },
      schema: {
        tags: ['cases'],
        summary: 'Attach a file (the raw body; name in x-file-name): PDF, PNG, JPEG, GIF, text, CSV, e-mail (.eml, .msg); 5 MiB each, 50 per case',
        params: IdParam,
        headers: Type.Object({ [FileNameHeader]: Type.String({ minLength: 1, maxLength: 1024, description: 'The file name, percent-encoded UTF-8' }) }),
        response: { 201: CaseAttachmentSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (!Buffer.isBuffer(body)) throw new AppError('VALIDATION_FAILED', 'send the file as the request body', { path: 'body' });
      let rawName: string;
      try {
        rawName = decodeURIComponent(String(req.headers[FileNameHeader]));
      } catch {
        throw new AppError('VALIDATION_FAILED', `${FileNameHeader} is not valid percent-encoded UTF-8`, { path: FileNameHeader });
      }
      const checked = checkAttachment(body, rawName, req.headers['content-type']);
      const row = await caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const count = await countCaseAttachments(ctx.data, c.id);
        if (count >= ATTACHMENTS_PER_CASE) throw new AppError('CONFLICT', `${c.number} already holds ${count} attachments, the most a case may hold`, { path: 'id' });
        const id = randomUUID();
        const sha256 = createHash('sha256').update(body).digest('hex');
        await insertCaseAttachment(ctx.data, { id, caseId: c.id, orgId: c.orgId, fileName: checked.fileName, mediaType: checked.mediaType, sha256, content: body, uploadedBy: ctx.actor });
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'attachment_added', actor: ctx.actor, details: { attachmentId: id, fileName: checked.fileName, mediaType: checked.mediaType, size: body.length, sha256 } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.attachment.add', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { attachmentId: id, fileName: checked.fileName, mediaType: checked.mediaType, size: body.length, sha256 } });
        return (await getCaseAttachment(ctx.data, c.id, id))!;
      });
      reply.status(201).send(attachmentView(row));
    },
  );

  app.get<{ Params: Static<typeof AttachmentParam> }>(
    '/api/v1/cases/:id/attachments/:attachmentId',
    { config: { permission: 'case.read' }, schema: { tags: ['cases'], summary: 'Download an attachment (always as a download, never rendered; audited)', params: AttachmentParam, response: { ...errorResponses } } },
    async (req, reply) => {
      const c = await getCase(req.data, req.params.id);
      if (!c) throw notFound('case', 'id');
      const a = await caseAttachmentContent(req.data, c.id, req.params.attachmentId);
      if (!a) throw notFound('attachment', 'attachmentId');
      await withTransaction(s.db, (tx) => audit(tx, req, { action: 'case.attachment.download', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { attachmentId: a.id, fileName: a.fileName, sha256: a.sha256 } }));
      reply
        .header('content-type', a.mediaType.startsWith('text/') ? `${a.mediaType}; charset=utf-8` : a.mediaType)
        .header('content-disposition', contentDisposition(a.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(a.content);
    },
  );
};
