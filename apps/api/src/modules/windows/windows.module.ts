import { Module } from '@nestjs/common';
import { DirectoryChangesListener } from './directory-changes.listener';
import { WindowsController } from './windows.controller';
import { WindowsRepository } from './windows.repository';
import { WindowsService } from './windows.service';

@Module({
  controllers: [WindowsController],
  providers: [WindowsService, WindowsRepository, DirectoryChangesListener],
  exports: [WindowsService],
})
export class WindowsModule {}
