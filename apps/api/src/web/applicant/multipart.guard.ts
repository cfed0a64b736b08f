import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { readMultipart } from '../../applications/multipart-upload';
import { PayloadTooLargeError } from '../../common/errors';
import type { UploadedFileLike } from '../../applications/attachments.service';
import type { Request, Response } from 'express';

/** What the guard leaves on the request: the file, or why it could not be read. */
export type MultipartRequest = Request & { file?: UploadedFileLike; uploadProblem?: 'maxSize' | 'unreadable' };

/**
 * Reads a multipart form before the portal's CSRF guard runs: guards run before interceptors, so
 * with an upload interceptor the token field of an upload form would not be parsed yet when
 * WebCsrfGuard looks for it. It reads with the API's own reader and limits (readMultipart). A
 * file over the limit is not an error here: the request goes on (the token still decides) and
 * the page names the problem beside the upload field.
 *
 * Registered on a controller with `@WebController() @UseGuards(MultipartFormGuard)` — class
 * decorators apply bottom-up, so this guard lands before WebCsrfGuard in the list.
 */
@Injectable()
export class MultipartFormGuard implements CanActivate {
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<MultipartRequest>();
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return true;
    try {
      await readMultipart(req, ctx.switchToHttp().getResponse<Response>());
    } catch (e) {
      // Too many or too long fields end here too: the form has two fields, so junk is only unreadable.
      req.uploadProblem = e instanceof PayloadTooLargeError ? 'maxSize' : 'unreadable';
      req.body ??= {};
    }
    return true;
  }
}
