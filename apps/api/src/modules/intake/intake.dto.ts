import { ZIntake, ZIntakeDraft, ZIntakeStatusRequest } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

export class CreateIntakeDto extends createZodDto(ZIntake) {}
export class TriagePreviewDto extends createZodDto(ZIntakeDraft) {}
export class IntakeStatusRequestDto extends createZodDto(ZIntakeStatusRequest) {}
