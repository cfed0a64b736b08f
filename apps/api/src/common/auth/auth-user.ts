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
  /** The server-side session this request came with (ended at logout). */
  sessionId: string;
  /** An admin reset the password: only the password change is open until it is changed. */
  mustChangePassword: boolean;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
