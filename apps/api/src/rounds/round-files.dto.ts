import { ApiProperty } from '@nestjs/swagger';
import { ROUND_FILE_KIND_LABELS } from '@workflows/rules';

/** 申报指南附件 / a file of a round's call */
export class RoundFileView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: Object.keys(ROUND_FILE_KIND_LABELS) })
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
