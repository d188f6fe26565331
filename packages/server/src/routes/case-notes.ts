import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { appendCaseEvent } from '../repos/case-events.ts';
import { caseNotes } from '../repos/case-notes.ts';
import { insertCaseNote } from '../repos/case-notes.ts';
import { touchCase } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { requireCase, requireOpen } from '../cases/case-context.ts';
import { caseWrite, noteView } from './case-common.ts';
import { CaseNoteSchema, NoteBodySchema } from './case-schema.ts';
import { errorResponses, IdParam } from './common.ts';

/** A case's notes: written once, never edited (the timeline keeps when and by whom). */
export const caseNoteRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof NoteBodySchema> }>(
    '/api/v1/cases/:id/notes',
    { config: { permission: 'case.investigate' }, schema: { tags: ['cases'], summary: 'Add a note (never a card number)', params: IdParam, body: NoteBodySchema, response: { 201: CaseNoteSchema, ...errorResponses } } },
    async (req, reply) => {
      const note = await caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        refuseCardNumbers({ body: req.body.body });
        const id = randomUUID();
        await insertCaseNote(ctx.data, { id, caseId: c.id, orgId: c.orgId, body: req.body.body, author: ctx.actor });
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'note_added', actor: ctx.actor, details: { noteId: id, excerpt: [...req.body.body].slice(0, 200).join('') } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.note.add', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { noteId: id, length: req.body.body.length } });
        return (await caseNotes(ctx.data, c.id)).find((n) => n.id === id)!;
      });
      reply.status(201).send(noteView(note));
    },
  );
};
