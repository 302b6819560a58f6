import { Controller, Header, Param, Req, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { contract, type TEvidenceKind } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RateLimitGuard } from '../../common/guards/rate-limit.guard';
import { SKIP_ALL_THROTTLERS } from '../../common/guards/rate-limit.module';
import { EvidenceCaseParamsDto, EvidenceFileParamsDto } from './evidence.dto';
import { EvidenceService } from './evidence.service';

const routes = contract.evidence;

const EXTENSIONS = {
  png: 'png',
  jpeg: 'jpg',
  heic: 'heic',
  webp: 'webp',
  pdf: 'pdf',
  text: 'txt',
  eml: 'eml',
} as const satisfies Record<TEvidenceKind, string>;

/** RFC 5987 ext-value: percent-encoded UTF-8, also the characters encodeURIComponent leaves (' ( ) *). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The OpenAPI description of an upload's multipart body. */
const MULTIPART_BODY = (withCredentials: boolean) =>
  ApiBody({
    schema: {
      type: 'object',
      required: ['file', ...(withCredentials ? ['receiptNumber', 'accessCode'] : [])],
      properties: {
        ...(withCredentials ? { receiptNumber: { type: 'string' }, accessCode: { type: 'string' } } : {}),
        file: { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  });

/**
 * Uploads take no bulkhead slot: a slow upload streams for as long as the person's connection needs, and a slot
 * held that long would starve intakes. Their database work is a few short statements at the start and the end.
 */
@Controller()
@UseGuards(RateLimitGuard)
@SkipThrottle(SKIP_ALL_THROTTLERS)
export class EvidenceController {
  constructor(private readonly service: EvidenceService) {}

  /** Same throttle as the status look-up: the receipt number and access code are checked the same way. */
  @Endpoint(routes.personUpload)
  @UseBulkhead('none')
  @SkipThrottle({ status: false })
  @ApiConsumes('multipart/form-data')
  @MULTIPART_BODY(true)
  personUpload(@Req() request: FastifyRequest) {
    return this.service.upload(request, { kind: 'person' });
  }

  @Endpoint(routes.staffUpload)
  @UseBulkhead('none')
  @ApiConsumes('multipart/form-data')
  @MULTIPART_BODY(false)
  staffUpload(
    @Param() params: EvidenceCaseParamsDto,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.upload(request, { kind: 'staff', caseId: params.id, user });
  }

  @Endpoint(routes.list)
  list(@Param() params: EvidenceCaseParamsDto) {
    return this.service.list(params.id);
  }

  @Endpoint(routes.download)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  async download(@Param() params: EvidenceFileParamsDto) {
    const { body, file, filename } = await this.service.open(params.id, params.fileId);
    return new StreamableFile(body, {
      type: file.contentType,
      length: file.sizeBytes,
      // Always a download, never shown inline by the API's origin; the name in RFC 5987 form (UTF-8).
      disposition:
        `attachment; filename="evidence-${file.id.slice(0, 8)}.${EXTENSIONS[file.kind]}"; ` +
        `filename*=UTF-8''${rfc5987(filename)}`,
    });
  }
}
