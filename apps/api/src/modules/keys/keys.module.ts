import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { KeysJobs } from './keys.jobs';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

/**
 * Re-encryption of the encrypted columns and the stored evidence files onto the active data key (FieldCrypto is
 * global, CryptoModule).
 */
@Module({
  imports: [EvidenceModule],
  providers: [KeysService, KeysRepository, KeysJobs],
  exports: [KeysService],
})
export class KeysModule {}
