import { ZJobsHealth } from '../jobs-api.schema';
import { route } from './route';

export const jobsContract = {
  health: route({
    operationId: 'getJobsHealth',
    tag: 'jobs',
    method: 'GET',
    path: '/jobs/health',
    summary: 'Background jobs: counts per queue and the latest failed jobs with their errors',
    access: 'jobs.read',
    reply: ZJobsHealth,
    errors: ['unavailable'],
  }),
};
