import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { MembershipRole } from '@generated/prisma/enums';

export const MEMBERSHIP_ROLES = ['OWNER', 'STAFF'] as const satisfies readonly MembershipRole[];
export const MEMBERSHIP_ROLE_LABELS: Record<MembershipRole, string> = { OWNER: '负责人 / owner', STAFF: '经办人 / staff' };

const trimmedLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** 自助注册: a social organization's staff member opens an applicant account. */
export class RegisterDto {
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'username: 用户名为3–64位字母、数字或 _ . - / 3–64 letters, digits or _ . -' })
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(50)
  displayName!: string;

  /** 验证邮件发往此地址 */
  @Transform(trimmedLower)
  @IsEmail()
  @MaxLength(200)
  email!: string;

  /** 至少10位，不含用户名，不是常见密码 */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;

  /** 邀请链接中的令牌: registering through an invitation joins its organization at once. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  invitationToken?: string;
}

export class TokenDto {
  /** 邮件中的验证码或链接令牌 */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;
}

export class ForgotPasswordDto {
  /** 用户名或电子邮箱 */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  account!: string;
}

export class ResetWithTokenDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  /** 新密码：至少10位，不含用户名，不是常见密码 */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  newPassword!: string;
}

/** 邀请同事 */
export class InviteDto {
  @Transform(trimmedLower)
  @IsEmail()
  @MaxLength(200)
  email!: string;

  /** OWNER 负责人 · STAFF 经办人 */
  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  @IsIn(MEMBERSHIP_ROLES)
  role!: MembershipRole;
}

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  @IsIn(MEMBERSHIP_ROLES)
  role!: MembershipRole;

  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class RevokeInvitationDto {
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class RegisteredView {
  /** PENDING_VERIFICATION: a code went to the address; ACTIVE: registered through an invitation to the same address. */
  @ApiProperty({ enum: ['PENDING_VERIFICATION', 'ACTIVE'] })
  status!: 'PENDING_VERIFICATION' | 'ACTIVE';
  message!: string;
}

export class InvitationView {
  id!: string;
  organizationId!: string;
  email!: string;
  @ApiProperty({ enum: ['OWNER', 'STAFF'] })
  role!: MembershipRole;
  invitedById!: string;
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ enum: ['PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED'] })
  status!: 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';
}

export function mapInvitation(i: {
  id: string;
  organizationId: string;
  email: string;
  role: MembershipRole;
  invitedById: string;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}): InvitationView {
  const status = i.acceptedAt ? 'ACCEPTED' : i.revokedAt ? 'REVOKED' : i.expiresAt <= new Date() ? 'EXPIRED' : 'PENDING';
  return {
    id: i.id,
    organizationId: i.organizationId,
    email: i.email,
    role: i.role,
    invitedById: i.invitedById,
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
    status,
  };
}

export class MemberView {
  userId!: string;
  username!: string;
  displayName!: string;
  @ApiProperty({ enum: ['OWNER', 'STAFF'] })
  role!: MembershipRole;
  @ApiProperty({ format: 'date-time' })
  since!: string;
}

/** 社会组织的成员与本人的角色 / an organization's members and the caller's own role. */
export class MembersView {
  members!: MemberView[];
  @ApiProperty({ enum: ['OWNER', 'STAFF'] })
  myRole!: string;
}

/** 邀请链接的内容 / what an invitation link offers. */
export class InvitationLookupView {
  organizationName!: string;
  @ApiProperty({ enum: ['OWNER', 'STAFF'] })
  role!: string;
  email!: string;
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

/** 已加入的社会组织 / the organization joined. */
export class InvitationAcceptedView {
  organizationId!: string;
  @ApiProperty({ enum: ['OWNER', 'STAFF'] })
  role!: string;
}

/** 注册已验证 / the registration is verified. */
export class VerifiedView {
  @ApiProperty({ enum: [true] })
  verified!: true;
  username!: string;
}

/** 同一答复，无论账号是否存在 / the same answer whether or not the account exists. */
export class MessageView {
  /** 中文 / English */
  message!: string;
}
