import { Module } from '@nestjs/common';
import { DeskIdentityService } from './desk-identity.service';
import { DeskController } from './desk.controller';
import { DeskRepository } from './desk.repository';
import { DeskService } from './desk.service';

@Module({
  controllers: [DeskController],
  providers: [DeskRepository, DeskService, DeskIdentityService],
  exports: [DeskService, DeskIdentityService],
})
export class DeskModule {}
