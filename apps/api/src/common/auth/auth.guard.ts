import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { PrismaService } from '../prisma.service';
import { keyId } from './key-id';
import { PASSWORD_CHANGE_KEY, PASSWORD_CHANGE_REQUIRED, PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { SESSION_COOKIE, SESSION_TOKEN_TYPE, WEB_SESSION_KEY } from './web-session';
import type { AuthUser } from './auth-user';
import type { Role } from '@generated/prisma/enums';
import type { Request } from 'express';

interface TokenPayload {
  sub: string;
  sid?: string;
  typ?: string;
}

const unauthenticated = (message: string) => new UnauthorizedException({ code: 'UNAUTHENTICATED', message });

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
    config: ConfigService,
  ) {
    this.kid = keyId(config.getOrThrow<string>('JWT_SECRET'));
  }

  private readonly kid: string;

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
    if (req.user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(PASSWORD_CHANGE_KEY, targets)) {
      throw new ForbiddenException({
        code: PASSWORD_CHANGE_REQUIRED,
        message: '管理员已重置您的密码，请先修改密码 / your password was reset: change it before going on',
      });
    }

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
    if (!token) throw unauthenticated('请先登录 / sign-in required');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw unauthenticated('登录已失效，请重新登录 / token invalid or expired');
    }
    // Signed with the current key (it verified), but under another name: refuse all the same, so
    // that a rotation is a clean cut even for a key that was later reused.
    if (this.jwt.decode<{ header?: { kid?: string } }>(token, { complete: true })?.header?.kid !== this.kid) {
      throw unauthenticated('登录已失效，请重新登录 / token signed with a retired key');
    }
    // Each credential works only where it was issued for (see web-session.ts).
    if ((payload.typ === SESSION_TOKEN_TYPE) !== web) throw unauthenticated('登录凭据不适用于此接口 / credential not valid here');
    const session = payload.sid
      ? await this.prisma.session.findUnique({
          where: { id: payload.sid },
          include: { user: { include: { memberships: { select: { organizationId: true } } } } },
        })
      : null;
    if (!session || session.userId !== payload.sub || session.endedAt || session.expiresAt <= new Date()) {
      throw unauthenticated('登录已结束，请重新登录 / session ended');
    }
    const { user } = session;
    if (!user.active) throw unauthenticated('账号不存在或已停用 / account inactive');
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      regionCode: user.regionCode,
      organizationIds: user.memberships.map((m) => m.organizationId),
      sessionId: session.id,
      mustChangePassword: user.mustChangePassword,
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
