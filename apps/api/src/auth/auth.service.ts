import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcryptjs';
import { PrismaService } from '../common/prisma.service';
import type { LoginDto, LoginResultDto } from './auth.dto';

// Compared against when the username is unknown, so the answer takes as long either way.
const DUMMY_HASH = bcrypt.hashSync('no-such-user', 10);

@Injectable()
export class AuthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResultDto> {
    const user = await this.prisma.user.findUnique({ where: { username: dto.username } });
    const ok = await bcrypt.compare(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '用户名或密码错误 / wrong username or password' });
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return {
      accessToken,
      tokenType: 'Bearer',
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    };
  }
}

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, 10);
}
