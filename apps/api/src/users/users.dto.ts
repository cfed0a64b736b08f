import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@workflows/rules';
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

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: string;
  regionCode: string | null;
  email: string | null;
  active: boolean;
  mustChangePassword: boolean;
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
