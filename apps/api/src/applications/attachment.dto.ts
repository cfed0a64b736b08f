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

/** 附件规则 / what an upload may be: sizes, counts, types, and the types each kind takes. */
export class AttachmentRulesView {
  @ApiProperty({ type: 'integer', description: '单个文件上限（字节）/ largest file, in bytes' })
  maxBytes!: number;
  @ApiProperty({ type: 'integer', description: '文件名最长字符数 / longest file name, in characters' })
  maxNameLength!: number;
  @ApiProperty({ type: 'integer', description: '每份申报的附件数上限 / most attachments of an application' })
  maxFiles!: number;
  @ApiProperty({ type: 'integer', description: '每份申报的附件总量上限（字节）/ most bytes of an application' })
  maxTotalBytes!: number;
  @ApiProperty({ type: [String], example: ['PDF', 'JPG', 'PNG', 'DOCX', 'XLSX'], description: '接受的类型 / accepted types' })
  types!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: '附件种类及其中文名称 / each kind and its Chinese name',
    example: { IMPLEMENTATION_PLAN: '实施方案' },
  })
  kinds!: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: '每种附件接受的类型 / the types each kind takes',
    example: { IMPLEMENTATION_PLAN: ['PDF', 'DOCX'] },
  })
  kindTypes!: Record<string, string[]>;
}
