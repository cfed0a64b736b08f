import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { OpenDuringPasswordChange, Public, Roles } from '../common/auth/roles.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import { ChangePasswordDto, LoginDto, LoginResultDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResultDto> {
    return this.auth.login(dto);
  }

  /** Ends this token's session on the server: the token is refused from now on. */
  @ApiBearerAuth()
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Post('password')
  @HttpCode(204)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Get('me')
  me(@CurrentUser() user: AuthUser): Omit<AuthUser, 'sessionId'> {
    const { sessionId: _sessionId, ...rest } = user;
    return rest;
  }
}
