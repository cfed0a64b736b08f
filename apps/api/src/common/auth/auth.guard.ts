import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import type { Role } from '../../../../../generated/prisma/enums';
import { PrismaService } from '../prisma.service';
import type { AuthUser } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

interface TokenPayload {
  sub: string;
}

/**
 * Global guard: bearer token → active user → role check. Denies by default: a route that
 * declares neither @Public nor @Roles answers 403 to everyone, so a forgotten decorator
 * cannot open an endpoint.
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
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    req.user = await this.authenticate(req);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: '该接口未开放 / endpoint declares no roles' });
    }
    if (!roles.includes(req.user.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `角色 ${req.user.role} 无权执行此操作 / role not allowed`, allowedRoles: roles });
    }
    return true;
  }

  private async authenticate(req: Request): Promise<AuthUser> {
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '请先登录 / sign-in required' });
    }
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录 / token invalid or expired' });
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
