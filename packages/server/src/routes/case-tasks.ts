import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError, notFound } from '../errors.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { deleteCaseTask, getCaseTask, insertCaseTask, updateCaseTask } from '../repos/case-tasks.ts';
import { touchCase } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { requireCase, requireOpen, type CaseContext } from '../cases/case-context.ts';
import { caseWrite, taskView } from './case-common.ts';
import { CaseTaskSchema, PatchTaskSchema, TaskBodySchema } from './case-schema.ts';
import { errorResponses, IdParam } from './common.ts';

const TaskParam = Type.Object({ ...IdParam.properties, taskId: IdParam.properties.id });

/** An assignee must be a user the caller sees (404 at `assignee` otherwise). */
async function requireAssignee(ctx: CaseContext, username: string | null | undefined): Promise<void> {
  if (!username) return;
  const u = await ctx.data.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (!u) throw notFound('user', 'assignee');
}

/** A case's tasks: created, changed, completed (or opened again) and removed, each on the timeline. */
export const caseTaskRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof TaskBodySchema> }>(
    '/api/v1/cases/:id/tasks',
    { config: { permission: 'case.investigate' }, schema: { tags: ['cases'], summary: 'Add a task', params: IdParam, body: TaskBodySchema, response: { 201: CaseTaskSchema, ...errorResponses } } },
    async (req, reply) => {
      const task = await caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        refuseCardNumbers({ title: req.body.title });
        await requireAssignee(ctx, req.body.assignee);
        const id = randomUUID();
        await insertCaseTask(ctx.data, { id, caseId: c.id, orgId: c.orgId, title: req.body.title.trim(), assignee: req.body.assignee ?? null, dueAt: req.body.dueAt ? new Date(req.body.dueAt) : null, createdBy: ctx.actor });
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'task_added', actor: ctx.actor, details: { taskId: id, title: req.body.title.trim(), assignee: req.body.assignee ?? null, dueAt: req.body.dueAt ?? null } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.task.add', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { taskId: id, title: req.body.title, assignee: req.body.assignee ?? null } });
        return (await getCaseTask(ctx.data, c.id, id))!;
      });
      reply.status(201).send(taskView(task));
    },
  );

  app.patch<{ Params: Static<typeof TaskParam>; Body: Static<typeof PatchTaskSchema> }>(
    '/api/v1/cases/:id/tasks/:taskId',
    { config: { permission: 'case.investigate' }, schema: { tags: ['cases'], summary: 'Change a task’s title, assignee or due date, or mark it done (or open again)', params: TaskParam, body: PatchTaskSchema, response: { 200: CaseTaskSchema, ...errorResponses } } },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const before = await getCaseTask(ctx.data, c.id, req.params.taskId);
        if (!before) throw notFound('task', 'taskId');
        refuseCardNumbers({ title: req.body.title });
        await requireAssignee(ctx, req.body.assignee);
        const { done, ...fields } = req.body;
        const completing = done === true && before.status !== 'done';
        const reopening = done === false && before.status === 'done';
        await updateCaseTask(ctx.data, c.id, before.id, {
          ...(fields.title !== undefined ? { title: fields.title.trim() } : {}),
          ...(fields.assignee !== undefined ? { assignee: fields.assignee } : {}),
          ...(fields.dueAt !== undefined ? { dueAt: fields.dueAt === null ? null : new Date(fields.dueAt) } : {}),
          ...(completing ? { done: { by: ctx.actor, at: new Date() } } : reopening ? { done: null } : {}),
        });
        if (Object.keys(fields).length || reopening) await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'task_updated', actor: ctx.actor, details: { taskId: before.id, ...fields, ...(reopening ? { status: 'open' } : {}) } });
        if (completing) await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'task_completed', actor: ctx.actor, details: { taskId: before.id, title: fields.title ?? before.title } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.task.update', targetType: 'case', targetId: c.id, orgId: c.orgId, before: { taskId: before.id, title: before.title, assignee: before.assignee, status: before.status }, after: req.body });
        return taskView((await getCaseTask(ctx.data, c.id, before.id))!);
      }),
  );

  app.post<{ Params: Static<typeof TaskParam> }>(
    '/api/v1/cases/:id/tasks/:taskId/complete',
    { config: { permission: 'case.investigate' }, schema: { tags: ['cases'], summary: 'Mark a task done (409 when it already is)', params: TaskParam, response: { 200: CaseTaskSchema, ...errorResponses } } },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const t = await getCaseTask(ctx.data, c.id, req.params.taskId);
        if (!t) throw notFound('task', 'taskId');
        if (t.status === 'done') throw new AppError('CONFLICT', `the task was already done by ${t.doneBy}`, { path: 'taskId' });
        await updateCaseTask(ctx.data, c.id, t.id, { done: { by: ctx.actor, at: new Date() } });
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'task_completed', actor: ctx.actor, details: { taskId: t.id, title: t.title } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.task.complete', targetType: 'case', targetId: c.id, orgId: c.orgId, after: { taskId: t.id } });
        return taskView((await getCaseTask(ctx.data, c.id, t.id))!);
      }),
  );

  app.delete<{ Params: Static<typeof TaskParam> }>(
    '/api/v1/cases/:id/tasks/:taskId',
    { config: { permission: 'case.investigate' }, schema: { tags: ['cases'], summary: 'Remove a task (its history stays on the timeline)', params: TaskParam, response: { ...errorResponses } } },
    async (req, reply) => {
      await caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        const t = await getCaseTask(ctx.data, c.id, req.params.taskId);
        if (!t || !(await deleteCaseTask(ctx.data, c.id, t.id))) throw notFound('task', 'taskId');
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'task_removed', actor: ctx.actor, details: { taskId: t.id, title: t.title } });
        await touchCase(ctx.data, c.id);
        await ctx.audit({ action: 'case.task.remove', targetType: 'case', targetId: c.id, orgId: c.orgId, before: { taskId: t.id, title: t.title, status: t.status } });
      });
      reply.status(204).send();
    },
  );
};
