import { StreamableFile } from '@nestjs/common';
import type { ReportFile } from './reports.service';

/**
 * A generated file as a download. The name is ASCII (a referral number or a period, never a person's name), so
 * a plain `filename=` works in every browser and mail client.
 */
export function download(file: ReportFile): StreamableFile {
  return new StreamableFile(file.body, {
    type: file.contentType,
    disposition: `attachment; filename="${file.filename}"`,
    length: file.body.length,
  });
}
