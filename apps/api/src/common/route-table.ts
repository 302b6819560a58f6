import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { TRoute } from '@madoguchi/shared';
import { CONTRACT_KEY } from './contract/endpoint.decorator';
import { ACCESS_KEY, type Audience } from './decorators/access.decorator';

export type RouteInfo = {
  method: string;
  path: string;
  audiences: Audience[] | undefined;
  /** The contract entry the handler was mounted from (@Endpoint), if any. */
  contract: TRoute | undefined;
  controller: Type;
  handlerName: string;
};

/** Every controller route of the app with its @Access audience (used by OpenAPI and the access test). */
export function routeTable(app: INestApplication, prefix = '/api/v1'): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
  for (const { instance, metatype } of controllers) {
    if (!instance || !metatype) {
      continue;
    }
    const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (sub === undefined) {
        continue;
      }
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? 'UNKNOWN';
      const path = [prefix, base, sub]
        .map((p) => p.replace(/^\/+|\/+$/g, ''))
        .filter(Boolean)
        .join('/');
      const audiences =
        (Reflect.getMetadata(ACCESS_KEY, handler) as Audience[] | undefined) ??
        (Reflect.getMetadata(ACCESS_KEY, metatype) as Audience[] | undefined);
      const contract = Reflect.getMetadata(CONTRACT_KEY, handler) as TRoute | undefined;
      routes.push({
        method,
        path: `/${path}`,
        audiences,
        contract,
        controller: metatype as Type,
        handlerName: name,
      });
    }
  }
  return routes;
}
