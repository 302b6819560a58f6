import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { PasswordHashing } from './password-hashing';
import { SessionsService } from './sessions.service';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, AuthRepository, SessionsService, PasswordHashing],
  exports: [SessionsService, AuthRepository, PasswordHashing],
})
export class AuthModule {}
