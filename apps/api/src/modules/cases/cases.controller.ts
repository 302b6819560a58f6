import { Body, Controller, Headers, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  CaseCreateDto,
  CaseIdentifierCreateDto,
  CaseIdentifierParamsDto,
  CaseIdParamsDto,
  CaseLinkCreateDto,
  CaseLinkParamsDto,
  CaseNoteDto,
  CaseQueryDto,
  CaseSearchDto,
  CaseStatusChangeDto,
  CaseUpdateDto,
  ConfirmCategoriesDto,
  ContactLogDto,
  CreatePublicMessageDto,
} from './cases.dto';
import { CasesService } from './cases.service';

const routes = contract.cases;

/** Staff routes only. Counselors may work any case; see CasesService for why. */
@Controller()
export class CasesController {
  constructor(private readonly service: CasesService) {}

  @Endpoint(routes.list)
  list(@Query() query: CaseQueryDto, @CurrentUser() user: AuthUser) {
    return this.service.list(query, user);
  }

  @Endpoint(routes.search)
  @UseBulkhead('reports')
  search(@Body() body: CaseSearchDto, @CurrentUser() user: AuthUser) {
    return this.service.list(body, user);
  }

  @Endpoint(routes.counts)
  counts(@CurrentUser() user: AuthUser) {
    return this.service.counts(user);
  }

  @Endpoint(routes.create)
  create(@Body() body: CaseCreateDto) {
    return this.service.create(body);
  }

  @Endpoint(routes.get)
  detail(@Param() params: CaseIdParamsDto) {
    return this.service.detail(params.id);
  }

  @Endpoint(routes.update)
  update(
    @Param() params: CaseIdParamsDto,
    @Body() body: CaseUpdateDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.update(params.id, body, ifMatch, user);
  }

  @Endpoint(routes.changeStatus)
  changeStatus(
    @Param() params: CaseIdParamsDto,
    @Body() body: CaseStatusChangeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.changeStatus(params.id, body, ifMatch, user);
  }

  @Endpoint(routes.confirmCategories)
  confirmCategories(
    @Param() params: CaseIdParamsDto,
    @Body() body: ConfirmCategoriesDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.confirmCategories(params.id, body, ifMatch, user);
  }

  @Endpoint(routes.timeline)
  timeline(@Param() params: CaseIdParamsDto) {
    return this.service.timeline(params.id);
  }

  @Endpoint(routes.addNote)
  addNote(@Param() params: CaseIdParamsDto, @Body() body: CaseNoteDto, @CurrentUser() user: AuthUser) {
    return this.service.addNote(params.id, body, user);
  }

  @Endpoint(routes.addContact)
  addContact(@Param() params: CaseIdParamsDto, @Body() body: ContactLogDto, @CurrentUser() user: AuthUser) {
    return this.service.addContact(params.id, body, user);
  }

  @Endpoint(routes.addMessage)
  addPublicMessage(
    @Param() params: CaseIdParamsDto,
    @Body() body: CreatePublicMessageDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.addPublicMessage(params.id, body, user);
  }

  @Endpoint(routes.addIdentifier)
  addIdentifier(@Param() params: CaseIdParamsDto, @Body() body: CaseIdentifierCreateDto) {
    return this.service.addIdentifier(params.id, body);
  }

  @Endpoint(routes.removeIdentifier)
  removeIdentifier(@Param() params: CaseIdentifierParamsDto) {
    return this.service.removeIdentifier(params.id, params.identifierId);
  }

  @Endpoint(routes.addLink)
  addLink(@Param() params: CaseIdParamsDto, @Body() body: CaseLinkCreateDto, @CurrentUser() user: AuthUser) {
    return this.service.addLink(params.id, body, user);
  }

  @Endpoint(routes.removeLink)
  removeLink(@Param() params: CaseLinkParamsDto) {
    return this.service.removeLink(params.id, params.linkedCaseId);
  }
}
