import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import multer, { MulterError } from 'multer';
import { PayloadTooLargeError, ValidationFailedError } from '../common/errors';
import { MAX_MULTIPART_BYTES, MULTIPART_LIMITS } from './attachment-rules';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';

/** An upload body refused while it streamed in: 413 when too large, 400 otherwise, naming field and rule. */
export type UploadRefusedError = PayloadTooLargeError | ValidationFailedError;

// defParamCharset (multer 2; missing from @types/multer): file names in UTF-8, as browsers send them.
const options: multer.Options & { defParamCharset: string } = {
  storage: multer.memoryStorage(),
  limits: MULTIPART_LIMITS,
  defParamCharset: 'utf8',
};
const readSingleFile = multer(options).single('file');
const MB = MAX_MULTIPART_BYTES / 1024 / 1024;

/**
 * Reads one file in the field `file` and a few small fields with multer's limits, refusing a
 * stream of junk parts at the first part past the limit (multer then discards the rest unparsed).
 */
export async function readMultipart(req: Request, res: Response): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    readSingleFile(req, res, (err: unknown) => (err ? reject(toRefusal(err)) : resolve()));
  });
}

function refusal(status: 400 | 413, field: string, rule: string, message: string): UploadRefusedError {
  const errors = [{ field, rule, message }];
  return status === 413 ? new PayloadTooLargeError(errors) : new ValidationFailedError(errors);
}

function toRefusal(err: unknown): UploadRefusedError {
  if (!(err instanceof MulterError)) {
    return refusal(400, 'body', 'unreadable', 'body: 上传内容不是完整的 multipart 表单 / the multipart body is malformed');
  }
  const field = err.field || 'body';
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return refusal(413, 'file', 'maxSize', 'file: 单个附件不能超过10MB / a file may be at most 10 MB');
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
      return refusal(
        400,
        'body',
        'maxParts',
        `body: 表单字段过多（最多 ${MULTIPART_LIMITS.fields} 个字段、${MULTIPART_LIMITS.parts} 个部分）/ too many form fields`,
      );
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return refusal(400, field, 'maxLength', `${field}: 表单字段过长（最多 ${MULTIPART_LIMITS.fieldSize} 字节）/ form field too long`);
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return refusal(400, field, 'singleFile', `${field}: 只能在字段 file 中上传一个文件 / one file, in the field "file"`);
    default:
      return refusal(400, field, 'unreadable', `${field}: 无法读取上传的表单 / the upload could not be read`);
  }
}

/**
 * The API's upload routes: the portal's reader in place of Nest's FileInterceptor, and a body whose
 * declared length is over the limit refused before a byte of it is read. (The portal cannot do
 * that: its page needs the form's CSRF token to answer with the problem beside the field.)
 */
@Injectable()
export class MultipartInterceptor implements NestInterceptor {
  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request>();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_MULTIPART_BYTES) {
      throw refusal(413, 'file', 'maxSize', `file: 上传内容超过 ${MB.toFixed(2)} MB 上限 / the upload exceeds ${MB.toFixed(2)} MB`);
    }
    await readMultipart(req, http.getResponse<Response>());
    return next.handle();
  }
}
