import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES } from '@workflows/rules';
import type { Role } from '@generated/prisma/enums';

export class LoginDto {
  /** 用户名 */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  /** 密码 */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;
}

export class LoginResultDto {
  accessToken!: string;
  tokenType!: 'Bearer';
  /** An admin reset the password: every route but POST /auth/password answers 403 until it is changed. */
  mustChangePassword!: boolean;
  user!: { id: string; username: string; displayName: string; role: string };
}

/** 当前账号 / the signed-in account (GET /auth/me). */
export class MeView {
  id!: string;
  username!: string;
  displayName!: string;
  @ApiProperty({ enum: ROLES })
  role!: Role;
  regionCode!: string | null;
  /** 所属社会组织（申报单位）/ the organizations the account acts for */
  organizationIds!: string[];
  mustChangePassword!: boolean;
}

export class ChangePasswordDto {
  /** 当前密码 */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword!: string;

  /** 新密码：至少10位，不含用户名，不是常见密码 */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  newPassword!: string;
}
