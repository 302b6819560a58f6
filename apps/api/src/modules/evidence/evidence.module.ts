import { Module } from '@nestjs/common';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { ApiConfig } from '../../config/api-config';
import { IntakeModule } from '../intake/intake.module';
import { EvidenceController } from './evidence.controller';
import { EvidencePreviewService } from './evidence-preview.service';
import { EvidenceReencryption } from './evidence-reencryption.service';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceScanService } from './evidence-scan.service';
import { EvidenceService } from './evidence.service';
import { EncryptingEvidenceStore } from './encrypting-evidence-store';
import { EvidenceStore } from './evidence-store';
import { FsEvidenceStore } from './fs-evidence-store';

/** The store the environment names: S3 when S3_BUCKET is set, else the filesystem under EVIDENCE_DIR. */
export async function evidenceStoreFor({ env }: ApiConfig): Promise<EvidenceStore> {
  if (env.S3_BUCKET) {
    // The AWS SDK is loaded only when it is used (it adds about half a second to a start).
    const { S3EvidenceStore } = await import('./s3-evidence-store');
    return new S3EvidenceStore({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      prefix: env.S3_PREFIX,
    });
  }
  return new FsEvidenceStore(env.EVIDENCE_DIR);
}

/** The evidence locker: uploads by the person and by staff, the store, virus scanning, preview copies, the staff list and download. */
@Module({
  imports: [IntakeModule],
  controllers: [EvidenceController],
  providers: [
    EvidenceService,
    EvidenceScanService,
    EvidencePreviewService,
    EvidenceRepository,
    EvidenceReencryption,
    {
      provide: EvidenceStore,
      // Every file is encrypted at rest, whichever store holds it.
      useFactory: async (config: ApiConfig, crypto: FieldCrypto) =>
        new EncryptingEvidenceStore(await evidenceStoreFor(config), crypto),
      inject: [ApiConfig, FieldCrypto],
    },
  ],
  // The repository and the store: the retention shredder tombstones a case's files and removes their blobs.
  exports: [
    EvidenceService,
    EvidenceScanService,
    EvidencePreviewService,
    EvidenceRepository,
    EvidenceStore,
    EvidenceReencryption,
  ],
})
export class EvidenceModule {}
