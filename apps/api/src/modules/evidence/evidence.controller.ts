import { Body, Controller, Header, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contract } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RateLimitGuard } from '../../common/guards/rate-limit.guard';
import { SKIP_ALL_THROTTLERS } from '../../common/guards/rate-limit.module';
import {
  EvidenceCaseParamsDto,
  EvidenceDeleteDto,
  EvidenceFileParamsDto,
  EvidencePreviewParamsDto,
} from './evidence.dto';
import { evidenceFile, evidencePreview } from './evidence-file-response';
import { EvidenceService } from './evidence.service';

const routes = contract.evidence;

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
  personUpload(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.service.upload(request, reply, { kind: 'person' });
  }

  @Endpoint(routes.staffUpload)
  @UseBulkhead('none')
  @ApiConsumes('multipart/form-data')
  @MULTIPART_BODY(false)
  staffUpload(
    @Param() params: EvidenceCaseParamsDto,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.service.upload(request, reply, { kind: 'staff', caseId: params.id, user });
  }

  @Endpoint(routes.list)
  list(@Param() params: EvidenceCaseParamsDto) {
    return this.service.list(params.id);
  }

  @Endpoint(routes.download)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  async download(@Param() params: EvidenceFileParamsDto) {
    return evidenceFile(await this.service.open(params.id, params.fileId));
  }

  @Endpoint(routes.preview)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  async preview(@Param() params: EvidencePreviewParamsDto) {
    return evidencePreview(await this.service.openPreview(params.id, params.fileId, params.kind));
  }

  @Endpoint(routes.remove)
  remove(
    @Param() params: EvidenceFileParamsDto,
    @Body() body: EvidenceDeleteDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.remove({ caseId: params.id, fileId: params.fileId, body, user });
  }
}
