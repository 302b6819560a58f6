import { Module } from '@nestjs/common';
import { WindowsModule } from '../windows/windows.module';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

@Module({
  // Filling a template reads the window directory (names, hours, phones) as triage does.
  imports: [WindowsModule],
  controllers: [TemplatesController],
  providers: [TemplatesService, TemplatesRepository],
})
export class TemplatesModule {}
