import { Global, Module } from '@nestjs/common';
import { BackoffService } from './backoff.service';
import { SecurityPolicyService } from './policy.service';
import { SecurityController } from './security.controller';

@Global()
@Module({
  controllers: [SecurityController],
  providers: [BackoffService, SecurityPolicyService],
  exports: [BackoffService, SecurityPolicyService],
})
export class SecurityModule {}
