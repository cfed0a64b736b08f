import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import { ForgotPasswordDto, MessageView, RegisterDto, ResetWithTokenDto, TokenDto, VerifiedView } from './accounts.dto';
import { PasswordResetService } from './password-reset.service';
import { RegistrationService } from './registration.service';

/** Anonymous account routes, counted against the sign-in limits per address and per account. */
@ApiTags('auth 登录')
@Controller('auth')
export class AccountsController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly reset: PasswordResetService,
  ) {}

  /**
   * 自助注册申报单位账号 / Register an applicant account
   *
   * @remarks 自助注册: an inactive applicant account and a verification mail (or, through an invitation, an active member).
   */
  @ApiErrors(400, 409)
  @Public()
  @RateLimit('login')
  @Post('register')
  register(@Body() dto: RegisterDto) {
    return this.registration.register(dto);
  }

  /** 以邮件中的一次性令牌验证注册 / Verify a registration with the mailed token */
  @ApiErrors(400)
  @Public()
  @RateLimit('login')
  @Post('register/verify')
  @HttpCode(200)
  verify(@Body() dto: TokenDto): Promise<VerifiedView> {
    return this.registration.verify(dto);
  }

  /**
   * 忘记密码：发送重置邮件 / Forgot password: send a reset mail
   *
   * @remarks 忘记密码: the same 202 whether or not the account exists.
   */
  @ApiErrors(400)
  @Public()
  @RateLimit('login')
  @Post('password/forgot')
  @HttpCode(202)
  forgot(@Body() dto: ForgotPasswordDto): Promise<MessageView> {
    return this.reset.request(dto);
  }

  /**
   * 以重置令牌设置新密码 / Set a new password with the reset token
   *
   * @remarks Sets the new password, ends every session of the account, clears its lockout.
   */
  @ApiErrors(400)
  @Public()
  @RateLimit('login')
  @Post('password/reset')
  @HttpCode(204)
  resetPassword(@Body() dto: ResetWithTokenDto): Promise<void> {
    return this.reset.reset(dto);
  }
}
