import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { LoginDto, LoginResultDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResultDto> {
    return this.auth.login(dto);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
