import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RegistryController } from './registry.controller';
import { RegistryRepository } from './registry.repository';
import { RegistryService } from './registry.service';

/** Published scam lists run to tens of thousands of rows; JSON bodies stay at the app's small global limit. */
export const CSV_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
const CSV_ROUTE = /\/registry\/import$/;

@Module({
  controllers: [RegistryController],
  providers: [RegistryService, RegistryRepository],
  // The search.reindex job keys the entries written before keyed values (RegistryService.rekeyEntries).
  exports: [RegistryService],
})
export class RegistryModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * The API otherwise speaks only JSON (see app.factory.ts). The CSV import takes the file as it is — what an admin
   * sends with `curl --data-binary @list.csv` — rather than base64 inside JSON, which would grow it by a third and
   * hide the encoding question inside a string. Fastify content-type parsers are per instance, not per route, so
   * the parser itself refuses text/csv for every route but the import, keeping the 415 everywhere else.
   */
  onModuleInit(): void {
    // The worker (src/worker.ts) runs the same modules without an HTTP server.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser('text/csv')) {
      return;
    }
    fastify.addContentTypeParser(
      'text/csv',
      { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT_BYTES },
      (request, body, done) => {
        if (!CSV_ROUTE.test(request.routeOptions.url ?? '')) {
          done(
            Object.assign(new Error('text/csv is only accepted by the registry import'), { statusCode: 415 }),
          );
          return;
        }
        done(null, body);
      },
    );
  }
}
