import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { PrismaService } from '../prisma.service';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { SESSION_COOKIE, SESSION_TOKEN_TYPE, WEB_SESSION_KEY } from './web-session';
import type { AuthUser } from './auth-user';
import type { Role } from '@generated/prisma/enums';
import type { Request } from 'express';

interface TokenPayload {
  sub: string;
  typ?: string;
}

/**
 * Global guard: bearer token → active user → role check. Denies by default: a route that
 * declares neither @Public nor @Roles answers 403 to everyone, so a forgotten decorator
 * cannot open an endpoint. Pages of the web portal (@WebSession) are checked the same way,
 * with the session cookie in place of the bearer token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly prisma: PrismaService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const web = this.reflector.getAllAndOverride<boolean>(WEB_SESSION_KEY, targets) === true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      // A public page still shows who is signed in; an expired cookie there just means nobody.
      if (web) req.user = await this.authenticate(req, true).catch(() => undefined);
      return true;
    }

    req.user = await this.authenticate(req, web);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: '该接口未开放 / endpoint declares no roles' });
    }
    if (!roles.includes(req.user.role)) {
      throw new ForbiddenException({
        code: 'FORBIDDEN',
        message: `角色 ${req.user.role} 无权执行此操作 / role not allowed`,
        allowedRoles: roles,
      });
    }
    return true;
  }

  private async authenticate(req: Request, web: boolean): Promise<AuthUser> {
    const token = web ? sessionCookie(req) : bearerToken(req);
    if (!token) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '请先登录 / sign-in required' });
    }
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录 / token invalid or expired' });
    }
    // Each credential works only where it was issued for (see web-session.ts).
    if ((payload.typ === SESSION_TOKEN_TYPE) !== web) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '登录凭据不适用于此接口 / credential not valid here' });
    }
    const user = await this.prisma.user.findUnique({
      where: { id: payload.sub },
      include: { memberships: { select: { organizationId: true } } },
    });
    if (!user || !user.active) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '账号不存在或已停用 / account inactive' });
    }
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      regionCode: user.regionCode,
      organizationIds: user.memberships.map((m) => m.organizationId),
    };
  }
}

function bearerToken(req: Request): string | undefined {
  const [scheme, token] = (req.headers.authorization ?? '').split(' ');
  return scheme === 'Bearer' && token ? token : undefined;
}

function sessionCookie(req: Request): string | undefined {
  // Parsed by cookie-parser, which the web module mounts on its own routes only.
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value ? value : undefined;
}
