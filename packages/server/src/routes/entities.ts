import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

export const entityRoutes = (_s: Services) => async (_app: FastifyInstance) => {};
