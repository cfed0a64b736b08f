import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@generated/prisma/enums';

/** The signed-in person, as the guard loaded it for this request. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  organizationIds: string[];
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
