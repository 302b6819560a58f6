import { ZHealthLive, ZHealthReady } from '../health-api.schema';
import { route } from './route';

export const healthContract = {
  live: route({
    operationId: 'healthLive',
    tag: 'health',
    method: 'GET',
    path: '/health/live',
    summary: 'Liveness: the process is up',
    access: 'public',
    reply: ZHealthLive,
  }),
  ready: route({
    operationId: 'healthReady',
    tag: 'health',
    method: 'GET',
    path: '/health/ready',
    summary: 'Readiness: the database answers (503 when it does not)',
    access: 'public',
    reply: ZHealthReady,
    errors: ['unavailable'],
  }),
};
