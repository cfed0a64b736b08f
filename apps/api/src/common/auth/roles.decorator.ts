import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../../../../generated/prisma/enums';

export const ROLES_KEY = 'psp:roles';
export const PUBLIC_KEY = 'psp:public';

/** The roles that may call a route. A route without @Roles or @Public is refused for everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route anyone may call without signing in (public notices, health, login). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
