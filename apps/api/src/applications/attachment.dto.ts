import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_RULES } from './attachment-rules';

/** 附件（不含内容）/ an attachment's record, without its bytes. */
export class AttachmentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: Object.keys(ATTACHMENT_RULES.kinds) })
  kind!: string;
  /** 规范化后的文件名 / the normalised file name */
  filename!: string;
  /** 按内容识别的类型 / the type read from the bytes */
  mimeType!: string;
  @ApiProperty({ type: 'integer', description: '字节 / bytes' })
  size!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  sha256!: string;
  createdAt!: Date;
}
