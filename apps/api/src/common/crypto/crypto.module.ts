import { Global, Module } from '@nestjs/common';
import { FieldCrypto } from './field-crypto.service';

/** Field encryption (FieldCrypto), global: any module's repository or service may encrypt its columns. */
@Global()
@Module({ providers: [FieldCrypto], exports: [FieldCrypto] })
export class CryptoModule {}
