import { auditContract } from './audit';
import { authContract } from './auth';
import { caseMergesContract } from './case-merges';
import { casesContract } from './cases';
import { deskContract } from './desk';
import { evidenceContract } from './evidence';
import { healthContract } from './health';
import { intakeContract } from './intake';
import { jobsContract } from './jobs';
import { notificationsContract } from './notifications';
import { partnerLinksContract } from './partner-links';
import { personRequestsContract } from './person-requests';
import { privacyContract } from './privacy';
import { referralsContract } from './referrals';
import { registryContract } from './registry';
import { reportsContract } from './reports';
import { retentionContract } from './retention';
import { securityContract } from './security';
import { statsContract } from './stats';
import { templatesContract } from './templates';
import { supervisionContract } from './supervision';
import { usersContract } from './users';
import { windowsContract } from './windows';

export * from './route';

/**
 * Every API operation, grouped by area: `contract.windows.list`. The API mounts each route from its entry
 * (apps/api/src/common/contract), the web calls them through its one client (apps/web/lib/api-client.ts).
 */
export const contract = {
  audit: auditContract,
  auth: authContract,
  caseMerges: caseMergesContract,
  cases: casesContract,
  desk: deskContract,
  evidence: evidenceContract,
  health: healthContract,
  intake: intakeContract,
  jobs: jobsContract,
  notifications: notificationsContract,
  partnerLinks: partnerLinksContract,
  personRequests: personRequestsContract,
  privacy: privacyContract,
  referrals: referralsContract,
  registry: registryContract,
  reports: reportsContract,
  retention: retentionContract,
  security: securityContract,
  stats: statsContract,
  templates: templatesContract,
  supervision: supervisionContract,
  users: usersContract,
  windows: windowsContract,
};

export type TContract = typeof contract;
