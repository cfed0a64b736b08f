import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { OpenDuringPasswordChange, Public, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import { ChangePasswordDto, LoginDto, LoginResultDto, MeView } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** 登录，取得访问令牌 / Sign in and get an access token */
  @ApiErrors(400)
  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResultDto> {
    return this.auth.login(dto);
  }

  /**
   * 退出登录：此令牌的会话在服务器上结束 / Sign out: this token's session ends on the server
   *
   * @remarks Ends this token's session on the server: the token is refused from now on.
   */
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  /** 修改本人密码 / Change one's own password */
  @ApiErrors(400)
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Post('password')
  @HttpCode(204)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto);
  }

  /** 当前登录账号 / The signed-in account */
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Get('me')
  me(@CurrentUser() user: AuthUser): MeView {
    const { sessionId: _sessionId, ...rest } = user;
    return rest;
  }
}
