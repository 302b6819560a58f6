import { healthContract } from './health';
import { intakeContract } from './intake';
import { windowsContract } from './windows';

export * from './route';

/**
 * Every API operation, grouped by area: `contract.windows.list`. The API mounts each route from its entry
 * (apps/api/src/common/contract), the web calls them through its one client (apps/web/lib/api-client.ts).
 */
export const contract = {
  health: healthContract,
  intake: intakeContract,
  windows: windowsContract,
};

export type TContract = typeof contract;
