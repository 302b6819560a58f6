import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { RateLimitGuard } from '../../common/guards/rate-limit.guard';
import { SKIP_ALL_THROTTLERS } from '../../common/guards/rate-limit.module';
import { CreateIntakeDto, IntakeStatusRequestDto, TriagePreviewDto } from './intake.dto';
import { idempotencyContext } from './idempotency';
import { IntakeService } from './intake.service';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Access } from '../../common/decorators/access.decorator';

@ApiTags('intake')
@Access('public')
@UseBulkhead('intake')
@Controller()
@UseGuards(RateLimitGuard)
@SkipThrottle(SKIP_ALL_THROTTLERS)
export class IntakeController {
  constructor(private readonly service: IntakeService) {}

  @Post('intakes')
  @SkipThrottle({ intake: false })
  @ApiOperation({ summary: 'Submit an intake: triage, store the case, return the receipt and access code' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key return the first reply',
  })
  async submit(
    @Body() body: CreateIntakeDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.service.submit(body, idempotencyContext(key, 'intakes', body));
    void reply.status(result.status);
    return result.body;
  }

  @Post('intakes/status')
  @HttpCode(200)
  @SkipThrottle({ status: false })
  @ApiOperation({ summary: 'Receipt number + access code → status and public messages' })
  status(@Body() body: IntakeStatusRequestDto) {
    return this.service.status(body);
  }

  @Post('triage/preview')
  @HttpCode(200)
  @SkipThrottle({ preview: false })
  @ApiOperation({ summary: 'Run triage on a draft for live guidance; nothing is stored' })
  preview(@Body() body: TriagePreviewDto) {
    return this.service.preview(body);
  }
}
