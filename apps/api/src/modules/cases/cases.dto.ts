import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.cases;

export class CaseQueryDto extends createZodDto(routes.list.query) {}
export class CaseSearchDto extends createZodDto(routes.search.body) {}
export class CaseCreateDto extends createZodDto(routes.create.body) {}
export class CaseUpdateDto extends createZodDto(routes.update.body) {}
export class CaseStatusChangeDto extends createZodDto(routes.changeStatus.body) {}
export class ConfirmCategoriesDto extends createZodDto(routes.confirmCategories.body) {}
export class CaseNoteDto extends createZodDto(routes.addNote.body) {}
export class ContactLogDto extends createZodDto(routes.addContact.body) {}
export class CreatePublicMessageDto extends createZodDto(routes.addMessage.body) {}
export class CaseLinkCreateDto extends createZodDto(routes.addLink.body) {}
export class CaseIdentifierCreateDto extends createZodDto(routes.addIdentifier.body) {}
export class CaseIdParamsDto extends createZodDto(routes.get.params) {}
export class CaseLinkParamsDto extends createZodDto(routes.removeLink.params) {}
export class CaseIdentifierParamsDto extends createZodDto(routes.removeIdentifier.params) {}
