import { CallHandler, CanActivate, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { of } from 'rxjs';
import { ATTACHMENT_RULES } from '../../applications/attachment-rules';
import type { UploadedFileLike } from '../../applications/attachments.service';
import type { Request } from 'express';

/** What the guard leaves on the request: the file, or why it could not be read. */
export type MultipartRequest = Request & { file?: UploadedFileLike; uploadProblem?: 'maxSize' | 'unreadable' };

// The API's own upload limits and multer wiring (Nest's FileInterceptor), one file in the field `file`.
const Multer = FileInterceptor('file', { limits: { fileSize: ATTACHMENT_RULES.maxBytes + 1, files: 1 }, defParamCharset: 'utf8' });

/**
 * Reads a multipart form before the portal's CSRF guard runs: guards run before interceptors, so
 * with the usual FileInterceptor the token field of an upload form would not be parsed yet when
 * WebCsrfGuard looks for it. A file over the limit is not an error here: the request goes on
 * (the token still decides) and the page names the problem beside the upload field.
 *
 * Registered on a controller with `@WebController() @UseGuards(MultipartFormGuard)` — class
 * decorators apply bottom-up, so this guard lands before WebCsrfGuard in the list.
 */
@Injectable()
export class MultipartFormGuard implements CanActivate {
  private readonly multer: NestInterceptor = new Multer();

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<MultipartRequest>();
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return true;
    const next: CallHandler = { handle: () => of(undefined) };
    try {
      await this.multer.intercept(ctx, next);
    } catch (e) {
      req.uploadProblem = e instanceof PayloadTooLargeException ? 'maxSize' : 'unreadable';
      req.body ??= {};
    }
    return true;
  }
}
