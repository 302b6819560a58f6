import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AdmissionInterceptor } from '../common/admission/admission.interceptor';
import { AdmissionService } from '../common/admission/admission.service';
import { PrismaService } from './prisma.service';

/** The database clients (one pool per bulkhead) and the admission control in front of them. */
@Global()
@Module({
  providers: [PrismaService, AdmissionService, { provide: APP_INTERCEPTOR, useClass: AdmissionInterceptor }],
  exports: [PrismaService, AdmissionService],
})
export class DbModule {}
