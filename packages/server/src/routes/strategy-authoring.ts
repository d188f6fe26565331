import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

export const strategyAuthoringRoutes = (_s: Services) => async (_app: FastifyInstance) => {};
