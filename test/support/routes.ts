import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from '../../apps/api/src/common/auth/roles.decorator';
import { WEB_SESSION_KEY } from '../../apps/api/src/common/auth/web-session';
import type { INestApplication } from '@nestjs/common';

export interface RouteInfo {
  controller: string;
  handler: string;
  method: number;
  path: string;
  roles: string[] | undefined;
  isPublic: boolean;
}

/** Every HTTP route of the app with the roles it declares, read from Nest's own metadata. */
export function routeTable(app: INestApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) continue;
        const targets = [handler as object, type];
        routes.push({
          controller: type.name,
          handler: name,
          method: Reflect.getMetadata(METHOD_METADATA, handler) as number,
          path: `/${[base, sub].filter((x) => x && x !== '/').join('/')}`.replace(/\/+/g, '/'),
          roles: reflector.getAllAndOverride<string[]>(ROLES_KEY, targets as never),
          isPublic: !!reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets as never),
        });
      }
    }
  }
  return routes;
}

/** The names of the portal's controllers (@WebSession: signed in by cookie, outside /api). */
export function portalControllers(app: INestApplication): Set<string> {
  const names = new Set<string>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as object | undefined;
      if (type && Reflect.getMetadata(WEB_SESSION_KEY, type)) names.add((type as { name: string }).name);
    }
  }
  return names;
}
