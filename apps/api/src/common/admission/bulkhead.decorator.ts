import { SetMetadata } from '@nestjs/common';
import type { BulkheadName } from '../../db/prisma.service';

export const BULKHEAD_KEY = 'madoguchi:bulkhead';

/**
 * Which bulkhead admits a route (controller or handler): `intake`, `staff` (the default) or `reports`;
 * `none` for probes that must answer even when the API is saturated.
 */
export const UseBulkhead = (bulkhead: BulkheadName | 'none') => SetMetadata(BULKHEAD_KEY, bulkhead);
