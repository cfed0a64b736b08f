import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { APPLICANT_AREA } from './applicant';
import { DESK_AREA } from './desk';
import { OFFICE_AREA } from './office';
import { REVIEW_AREA } from './review';
import { WebAccountsController } from './web-accounts.controller';
import { WebAttachmentsController } from './web-attachments.controller';
import { WebAuthController } from './web-auth.controller';
import { WebObjectionStatusController } from './web-objection-status.controller';
import { WebPublicController } from './web-public.controller';
import { WebVerifyController } from './web-verify.controller';
import { WebWorkspaceController } from './web-workspace.controller';
import type { RouteInfo, Type } from '@nestjs/common/interfaces';

export const WEB_AREAS = [APPLICANT_AREA, REVIEW_AREA, OFFICE_AREA, DESK_AREA];

export const WEB_CONTROLLERS: Type[] = [
  WebPublicController,
  WebObjectionStatusController,
  WebVerifyController,
  WebAuthController,
  WebAccountsController,
  WebWorkspaceController,
  WebAttachmentsController,
  ...WEB_AREAS.flatMap((a) => a.controllers),
];

/**
 * The portal's routes, read from the controllers' own metadata, for `setGlobalPrefix('api',
 * { exclude })`: pages live at /, /login, /notices… while the JSON API keeps /api. Nest matches an
 * exclusion against each route's path and method, so a page must not share both with an API route
 * (web-routes.spec.ts checks that).
 */
export function webRoutes(): RouteInfo[] {
  return WEB_CONTROLLERS.flatMap(routesOf);
}

/** The routes one controller declares, with their full paths (before any global prefix). */
export function routesOf(controller: Type): RouteInfo[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
  return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
    const handler: unknown = Reflect.get(controller.prototype as object, name);
    const sub = typeof handler === 'function' ? (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) : undefined;
    if (name === 'constructor' || sub === undefined) return [];
    const path = `/${[base, sub].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    return [{ path, method: Reflect.getMetadata(METHOD_METADATA, handler as object) as RequestMethod }];
  });
}
