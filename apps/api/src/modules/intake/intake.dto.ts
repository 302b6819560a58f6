import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.intake;

export class CreateIntakeDto extends createZodDto(routes.submit.body) {}
export class TriagePreviewDto extends createZodDto(routes.preview.body) {}
export class IntakeStatusRequestDto extends createZodDto(routes.status.body) {}
export class PersonReplyDto extends createZodDto(routes.reply.body) {}
