import { Body, Controller, Headers, Res, UseGuards } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { RateLimitGuard } from '../../common/guards/rate-limit.guard';
import { SKIP_ALL_THROTTLERS } from '../../common/guards/rate-limit.module';
import { CreateIntakeDto, IntakeStatusRequestDto, PersonReplyDto, TriagePreviewDto } from './intake.dto';
import { idempotencyContext } from './idempotency';
import { IntakeService } from './intake.service';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../common/contract/endpoint.decorator';

const routes = contract.intake;

@UseBulkhead('intake')
@Controller()
@UseGuards(RateLimitGuard)
@SkipThrottle(SKIP_ALL_THROTTLERS)
export class IntakeController {
  constructor(private readonly service: IntakeService) {}

  @Endpoint(routes.submit)
  @SkipThrottle({ intake: false })
  async submit(
    @Body() body: CreateIntakeDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.service.submit(body, idempotencyContext(key, 'intakes', body));
    void reply.status(result.status);
    return result.body;
  }

  @Endpoint(routes.status)
  @SkipThrottle({ status: false })
  status(@Body() body: IntakeStatusRequestDto) {
    return this.service.status(body);
  }

  /** Same throttle as the status look-up: the pair is checked the same way. */
  @Endpoint(routes.reply)
  @SkipThrottle({ status: false })
  async reply(
    @Body() body: PersonReplyDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The access code stays out of the request hash stored with the key (it is kept only as a keyed hash).
    const hashed = { receiptNumber: body.receiptNumber, body: body.body };
    const result = await this.service.reply(body, idempotencyContext(key, 'intake-replies', hashed));
    void reply.status(result.status);
    return result.body;
  }

  @Endpoint(routes.preview)
  @SkipThrottle({ preview: false })
  preview(@Body() body: TriagePreviewDto) {
    return this.service.preview(body);
  }
}
