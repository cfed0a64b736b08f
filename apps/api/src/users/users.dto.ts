import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsRegionCode } from '../common/validators';
import type { User } from '@generated/prisma/client';

export class CreateUserDto {
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'username: 用户名为3–64位字母、数字或 _ . -' })
  username!: string;

  /** 至少10位，不含用户名，不是常见密码（auth/password-policy.ts，服务中检查） */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(50)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  /** 民政工作人员所属行政区划 */
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @IsOptional()
  @IsEmail()
  email?: string;
}

/** Why an admin deactivates or reactivates an account: kept in the audit trail. */
export class AccountActionDto {
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class ResetPasswordDto {
  /** 临时密码：交给本人，首次登录后须修改 */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  temporaryPassword!: string;

  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class AddMembershipDto {
  @IsUUID()
  organizationId!: string;
}

/** 账号查询: by name or user name, role, region (a prefix: 33 the province, 3301 the city) and whether active. */
export class UserListQuery extends PageQuery {
  /** 姓名或用户名中的文字 */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @IsOptional()
  @ApiPropertyOptional({ enum: ROLES })
  @IsIn(ROLES)
  role?: Role;

  /** 行政区划代码或其前缀（2、4或6位） */
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'regionCode: 行政区划代码或前缀应为2、4或6位数字' })
  regionCode?: string;

  @IsOptional()
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

/** 角色与区域: what an admin changes, and why (kept in the audit trail). */
export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  /** 民政工作人员所属行政区划；不填则不限区域 */
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class UserView {
  id!: string;
  username!: string;
  displayName!: string;
  role!: string;
  regionCode!: string | null;
  email!: string | null;
  active!: boolean;
  mustChangePassword!: boolean;
}

export function mapUser(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regionCode: u.regionCode,
    email: u.email,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
  };
}

export interface UserDetail extends UserView {
  createdAt: Date;
  organizations: { id: string; name: string }[];
}
