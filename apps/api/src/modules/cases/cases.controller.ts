import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/context/request-context';
import { Access, STAFF } from '../../common/decorators/access.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  CaseCountsDto,
  CaseCreateDto,
  CaseCreatedDto,
  CaseDetailDto,
  CaseIdentifierCreateDto,
  CaseIdentifierParamsDto,
  CaseIdentifierViewsDto,
  CaseIdParamsDto,
  CaseLinkCreateDto,
  CaseLinkParamsDto,
  CaseLinkViewDto,
  CaseListDto,
  CaseNoteDto,
  CaseQueryDto,
  CaseSearchDto,
  CaseStatusChangeDto,
  CaseSummaryDto,
  CaseTimelineDto,
  CaseUpdateDto,
  ConfirmCategoriesDto,
  ContactLogDto,
  CreatePublicMessageDto,
  TimelineItemDto,
} from './cases.dto';
import { CasesService } from './cases.service';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The case version that was read (instead of `version` in the body)',
};

/** Staff routes only. Counselors may work any case; see CasesService for why. */
@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly service: CasesService) {}

  @Get()
  @Access(...STAFF)
  @ApiOperation({
    summary: 'The case queue: filters, priority then oldest first, cursor pages (search: POST /cases/search)',
  })
  @ApiOkResponse({ type: CaseListDto.Output })
  list(@Query() query: CaseQueryDto, @CurrentUser() user: AuthUser) {
    return this.service.list(query, user);
  }

  @Post('search')
  @HttpCode(200)
  @Access(...STAFF)
  @UseBulkhead('reports')
  @ApiOperation({
    summary:
      'Search the queue: the same filters and cursor pages as GET /cases, with the words in the body (q), so ' +
      'phone numbers and names stay out of URLs, logs and browser history',
  })
  @ApiOkResponse({ type: CaseListDto.Output })
  search(@Body() body: CaseSearchDto, @CurrentUser() user: AuthUser) {
    return this.service.list(body, user);
  }

  @Get('counts')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Case counts per status and priority for the dashboard' })
  @ApiOkResponse({ type: CaseCountsDto.Output })
  counts(@CurrentUser() user: AuthUser) {
    return this.service.counts(user);
  }

  @Post()
  @Access(...STAFF)
  @ApiOperation({
    summary: 'Record a phone consultation: intake form and triage; returns receipt and access code',
  })
  @ApiCreatedResponse({ type: CaseCreatedDto.Output })
  create(@Body() body: CaseCreateDto) {
    return this.service.create(body);
  }

  @Get(':id')
  @Access(...STAFF)
  @ApiOperation({
    summary:
      'The case with intake, triage, identifiers (shared with other cases, in the registry) and links. Audited.',
  })
  @ApiOkResponse({ type: CaseDetailDto.Output })
  detail(@Param() params: CaseIdParamsDto) {
    return this.service.detail(params.id);
  }

  @Patch(':id')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Assignee, priority (with a reason), tags, follow-up date, summary' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CaseSummaryDto.Output })
  update(
    @Param() params: CaseIdParamsDto,
    @Body() body: CaseUpdateDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.update(params.id, body, ifMatch, user);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiOperation({ summary: 'Move the case along the workflow (closing and reopening need a reason)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CaseSummaryDto.Output })
  changeStatus(
    @Param() params: CaseIdParamsDto,
    @Body() body: CaseStatusChangeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.changeStatus(params.id, body, ifMatch, user);
  }

  @Put(':id/categories')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Confirm or override the triage categories (an override needs a reason)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CaseSummaryDto.Output })
  confirmCategories(
    @Param() params: CaseIdParamsDto,
    @Body() body: ConfirmCategoriesDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.confirmCategories(params.id, body, ifMatch, user);
  }

  @Get(':id/timeline')
  @Access(...STAFF)
  @ApiOperation({
    summary: 'Triage, notes, contacts, public messages, status changes and referrals, oldest first. Audited.',
  })
  @ApiOkResponse({ type: CaseTimelineDto.Output })
  timeline(@Param() params: CaseIdParamsDto) {
    return this.service.timeline(params.id);
  }

  @Post(':id/notes')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Add an internal note (staff only)' })
  @ApiCreatedResponse({ type: TimelineItemDto.Output })
  addNote(@Param() params: CaseIdParamsDto, @Body() body: CaseNoteDto, @CurrentUser() user: AuthUser) {
    return this.service.addNote(params.id, body, user);
  }

  @Post(':id/contacts')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Log a call or e-mail with the person' })
  @ApiCreatedResponse({ type: TimelineItemDto.Output })
  addContact(@Param() params: CaseIdParamsDto, @Body() body: ContactLogDto, @CurrentUser() user: AuthUser) {
    return this.service.addContact(params.id, body, user);
  }

  @Post(':id/messages')
  @Access(...STAFF)
  @ApiOperation({ summary: "Post a message to the person's status page" })
  @ApiCreatedResponse({ type: TimelineItemDto.Output })
  addPublicMessage(
    @Param() params: CaseIdParamsDto,
    @Body() body: CreatePublicMessageDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.addPublicMessage(params.id, body, user);
  }

  @Post(':id/identifiers')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Add a phone number, URL, e-mail, account or name to the case (normalised)' })
  @ApiCreatedResponse({ type: CaseIdentifierViewsDto.Output })
  addIdentifier(@Param() params: CaseIdParamsDto, @Body() body: CaseIdentifierCreateDto) {
    return this.service.addIdentifier(params.id, body);
  }

  @Delete(':id/identifiers/:identifierId')
  @HttpCode(204)
  @Access(...STAFF)
  @ApiOperation({ summary: 'Remove an identifier from the case' })
  removeIdentifier(@Param() params: CaseIdentifierParamsDto) {
    return this.service.removeIdentifier(params.id, params.identifierId);
  }

  @Post(':id/links')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Link a related case (same scammer, same family, repeat contact)' })
  @ApiCreatedResponse({ type: CaseLinkViewDto.Output })
  addLink(@Param() params: CaseIdParamsDto, @Body() body: CaseLinkCreateDto, @CurrentUser() user: AuthUser) {
    return this.service.addLink(params.id, body, user);
  }

  @Delete(':id/links/:linkedCaseId')
  @HttpCode(204)
  @Access(...STAFF)
  @ApiOperation({ summary: 'Remove the link between two cases (either direction)' })
  removeLink(@Param() params: CaseLinkParamsDto) {
    return this.service.removeLink(params.id, params.linkedCaseId);
  }
}
