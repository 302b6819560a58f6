import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { ApiEnv } from '../../config/env';

/**
 * @fastify/multipart's defaults for the whole API. It only parses what a handler asks for (EvidenceService
 * streams the parts with its own limits); these bound a request to any other route that claims to be multipart.
 */
export function multipartOptions(env: ApiEnv): FastifyMultipartBaseOptions {
  return {
    throwFileSizeLimit: true,
    limits: {
      fileSize: env.EVIDENCE_MAX_FILE_BYTES + 1,
      files: env.EVIDENCE_MAX_FILES_PER_CASE,
      fields: 10,
      fieldSize: 1_024,
      parts: env.EVIDENCE_MAX_FILES_PER_CASE + 10,
      headerPairs: 50,
    },
  };
}
