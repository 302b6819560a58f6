import { ZTroubleCategory, ZUpdateReferralWindow, ZWindowSlug } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const ZWindowsQuery = z.strictObject({
  category: ZTroubleCategory.optional(),
  openNow: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Admins only: also list deactivated windows (to edit or reactivate them). */
  includeInactive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export class WindowsQueryDto extends createZodDto(ZWindowsQuery) {}

export const ZWindowSlugParams = z.strictObject({ slug: ZWindowSlug });
export class WindowSlugParamsDto extends createZodDto(ZWindowSlugParams) {}

export class UpdateWindowDto extends createZodDto(ZUpdateReferralWindow) {}
