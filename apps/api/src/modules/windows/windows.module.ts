import { Module } from '@nestjs/common';
import { WindowsController } from './windows.controller';
import { WindowsRepository } from './windows.repository';
import { WindowsService } from './windows.service';

@Module({
  controllers: [WindowsController],
  providers: [WindowsService, WindowsRepository],
  exports: [WindowsService],
})
export class WindowsModule {}
