import { Module } from '@nestjs/common';
import { KeysJobs } from './keys.jobs';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

/** Re-encryption of the encrypted columns onto the active data key (FieldCrypto is global, CryptoModule). */
@Module({ providers: [KeysService, KeysRepository, KeysJobs], exports: [KeysService] })
export class KeysModule {}
