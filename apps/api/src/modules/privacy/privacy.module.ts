import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { PrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';

// AuditService comes from the global AuditModule, Clock from the AppModule.
@Module({
  // The desk's name on the register and the printed disclosure record.
  imports: [DeskModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, PrivacyRepository],
})
export class PrivacyModule {}
