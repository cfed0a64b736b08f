import { IsString, MaxLength, MinLength } from 'class-validator';

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
  user!: { id: string; username: string; displayName: string; role: string };
}
