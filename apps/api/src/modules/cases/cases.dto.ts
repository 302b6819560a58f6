import {
  ZCaseCounts,
  ZCaseCreate,
  ZCaseCreated,
  ZCaseDetail,
  ZCaseIdentifierCreate,
  ZCaseIdentifierParams,
  ZCaseIdentifierView,
  ZCaseIdParams,
  ZCaseLinkCreate,
  ZCaseLinkParams,
  ZCaseLinkView,
  ZCaseList,
  ZCaseNote,
  ZCaseQuery,
  ZCaseSearch,
  ZCaseStatusChange,
  ZCaseSummary,
  ZCaseTimeline,
  ZCaseUpdate,
  ZConfirmCategories,
  ZContactLog,
  ZCreatePublicMessage,
  ZTimelineItem,
} from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class CaseQueryDto extends createZodDto(ZCaseQuery) {}
export class CaseSearchDto extends createZodDto(ZCaseSearch) {}
export class CaseCreateDto extends createZodDto(ZCaseCreate) {}
export class CaseUpdateDto extends createZodDto(ZCaseUpdate) {}
export class CaseStatusChangeDto extends createZodDto(ZCaseStatusChange) {}
export class ConfirmCategoriesDto extends createZodDto(ZConfirmCategories) {}
export class CaseNoteDto extends createZodDto(ZCaseNote) {}
export class ContactLogDto extends createZodDto(ZContactLog) {}
export class CreatePublicMessageDto extends createZodDto(ZCreatePublicMessage) {}
export class CaseLinkCreateDto extends createZodDto(ZCaseLinkCreate) {}
export class CaseIdentifierCreateDto extends createZodDto(ZCaseIdentifierCreate) {}
export class CaseIdParamsDto extends createZodDto(ZCaseIdParams) {}
export class CaseLinkParamsDto extends createZodDto(ZCaseLinkParams) {}
export class CaseIdentifierParamsDto extends createZodDto(ZCaseIdentifierParams) {}

// Response shapes, for the OpenAPI document.
export class CaseListDto extends createZodDto(ZCaseList) {}
export class CaseCountsDto extends createZodDto(ZCaseCounts) {}
export class CaseSummaryDto extends createZodDto(ZCaseSummary) {}
export class CaseDetailDto extends createZodDto(ZCaseDetail) {}
export class CaseCreatedDto extends createZodDto(ZCaseCreated) {}
export class CaseTimelineDto extends createZodDto(ZCaseTimeline) {}
export class TimelineItemDto extends createZodDto(ZTimelineItem) {}
export class CaseLinkViewDto extends createZodDto(ZCaseLinkView) {}
export class CaseIdentifierViewsDto extends createZodDto(
  z.object({ identifiers: z.array(ZCaseIdentifierView) }),
) {}
