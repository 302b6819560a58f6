import { Module } from '@nestjs/common';
import { DeskController } from './desk.controller';
import { DeskRepository } from './desk.repository';
import { DeskService } from './desk.service';

@Module({
  controllers: [DeskController],
  providers: [DeskRepository, DeskService],
  exports: [DeskService],
})
export class DeskModule {}
