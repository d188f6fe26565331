import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { caseAttachmentRoutes } from './case-attachments.ts';
import { caseEvidenceRoutes } from './case-evidence.ts';
import { caseLinkRoutes } from './case-links.ts';
import { caseMemberRoutes } from './case-members.ts';
import { caseNoteRoutes } from './case-notes.ts';
import { caseReportRoutes } from './case-report.ts';
import { caseRuleRoutes } from './case-rules.ts';
import { caseTaskRoutes } from './case-tasks.ts';
import { caseTimelineRoutes } from './case-timeline.ts';
import { caseTypeRoutes } from './case-types.ts';
import { caseWorkflowRoutes } from './case-workflow.ts';
import { caseRoutes } from './cases.ts';

/** The case center's routes, one plugin per resource (attachments with their own byte parser). */
export const caseCenterRoutes = (s: Services) => async (app: FastifyInstance) => {
  for (const routes of [caseRoutes, caseWorkflowRoutes, caseMemberRoutes, caseTaskRoutes, caseNoteRoutes, caseLinkRoutes, caseEvidenceRoutes, caseAttachmentRoutes, caseTimelineRoutes, caseReportRoutes, caseTypeRoutes, caseRuleRoutes]) {
    await app.register(routes(s));
  }
};
