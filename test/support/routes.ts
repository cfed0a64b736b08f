import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY, DECISION_KEY } from '../../apps/api/src/common/auth/roles.decorator';
import { WEB_SESSION_KEY } from '../../apps/api/src/common/auth/web-session';
import type { DynamicModule, Type } from '@nestjs/common/interfaces';

export interface RouteInfo {
  controller: string;
  handler: string;
  method: number;
  path: string;
  roles: string[] | undefined;
  isPublic: boolean;
  /** The handler's parameter types as TypeScript emitted them (its DTO classes among them). */
  paramTypes: unknown[];
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
          paramTypes: (Reflect.getMetadata('design:paramtypes', type.prototype as object, name) as unknown[] | undefined) ?? [],
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

type ModuleRef = Type | DynamicModule | { forwardRef: () => Type } | Promise<DynamicModule>;

/** Every controller reachable from a module, read from the decorators' metadata alone (no app, no database). */
export function controllersOf(mod: ModuleRef, seen = new Set<unknown>()): Type[] {
  // An async dynamic module (ConfigModule.forRoot) declares no controllers.
  if (mod instanceof Promise) return [];
  const ref = 'forwardRef' in mod ? mod.forwardRef() : mod;
  const cls = typeof ref === 'function' ? ref : ref.module;
  const dynamic = typeof ref === 'function' ? undefined : ref;
  if (seen.has(ref)) return [];
  seen.add(ref);
  const own = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[] | undefined) ?? []), ...(dynamic?.controllers ?? [])];
  const imports = [
    ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleRef[] | undefined) ?? []),
    ...((dynamic?.imports ?? []) as ModuleRef[]),
  ];
  return [...own, ...imports.flatMap((m) => controllersOf(m, seen))];
}

export interface DeclaredRoute {
  controller: string;
  /** e.g. `POST /applications/:id/submit`, before any global prefix. */
  key: string;
  roles: string[] | undefined;
  isPublic: boolean;
  /** The decision the route sends (@Decides), if any. */
  decision: string | undefined;
  /** A page or form of the portal (@WebSession), not the JSON API. */
  portal: boolean;
}

/** Every route the controllers of a module declare, with its access metadata, without starting the app. */
export function declaredRoutes(mod: ModuleRef): DeclaredRoute[] {
  return [...new Set(controllersOf(mod))].flatMap((type) => {
    const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
    return Object.getOwnPropertyNames(type.prototype).flatMap((name) => {
      const handler = (type.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (sub === undefined) return [];
      // The handler's own decorator wins over the controller's, as in the guard (getAllAndOverride).
      const meta = <T>(key: string) => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type)) as T | undefined;
      const path = `/${[base, sub].filter((x) => x && x !== '/').join('/')}`.replace(/\/+/g, '/');
      return [
        {
          controller: type.name,
          key: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} ${path}`,
          roles: meta<string[]>(ROLES_KEY),
          isPublic: meta<boolean>(PUBLIC_KEY) === true,
          decision: meta<string>(DECISION_KEY),
          portal: Reflect.getMetadata(WEB_SESSION_KEY, type) === true,
        },
      ];
    });
  });
}
