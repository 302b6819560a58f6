import {
  applyDecorators,
  HttpCode,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { audiencesOf, isFileReply, successStatus, type TRoute } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import type { z } from 'zod';
import { ACCESS_KEY } from '../decorators/access.decorator';

export const CONTRACT_KEY = 'madoguchi:contract';

const replyDtos = new Map<z.ZodType, Type>();

/** A named DTO class per reply schema: the OpenAPI component is named after the operation (`ListCasesReply`). */
function replyDto(route: TRoute, schema: z.ZodType): Type {
  let dto = replyDtos.get(schema);
  if (!dto) {
    // The output side of the schema: what the reply really carries (a field with a default is always there).
    dto = createZodDto(schema as z.ZodObject).Output as unknown as Type;
    const name = `${route.operationId[0]!.toUpperCase()}${route.operationId.slice(1)}Reply`;
    Object.defineProperty(dto, 'name', { value: name });
    replyDtos.set(schema, dto);
  }
  return dto;
}

function replyDecorator(route: TRoute): MethodDecorator {
  const status = successStatus(route);
  if (route.reply === null) {
    return ApiResponse({ status, description: 'Done; no content' });
  }
  if (isFileReply(route.reply)) {
    return applyDecorators(
      ApiProduces(...route.reply.file),
      ApiResponse({
        status,
        description: 'The file',
        content: Object.fromEntries(
          route.reply.file.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
        ),
      }),
    );
  }
  return ApiResponse({ status, description: 'OK', type: replyDto(route, route.reply) });
}

/**
 * Mounts a handler from its contract entry (packages/shared/src/contract): method and path, success status,
 * who may call it (the AccessGuard reads it), its OpenAPI operation (summary, operationId, reply), and the
 * reply check (ContractReplyInterceptor). Controllers use `@Controller()` without a prefix: the path is the
 * contract's.
 */
export function Endpoint(route: TRoute): MethodDecorator {
  const method = RequestMethod[route.method];
  return applyDecorators(
    RequestMapping({ path: route.path.slice(1), method }),
    HttpCode(successStatus(route)),
    SetMetadata(CONTRACT_KEY, route),
    SetMetadata(ACCESS_KEY, audiencesOf(route.access)),
    ApiTags(route.tag),
    ApiOperation({
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
    }),
    ...Object.entries(route.headers ?? {}).map(([name, description]) =>
      ApiHeader({ name, required: false, description }),
    ),
    replyDecorator(route),
  );
}
