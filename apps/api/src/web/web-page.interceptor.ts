import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { WebContext, WebRequest } from './web-context';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

/** Fills the layout's locals (language, visitor, CSRF token) before each page handler runs. */
@Injectable()
export class WebPageInterceptor implements NestInterceptor {
  constructor(private readonly web: WebContext) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    this.web.prepare(http.getRequest<WebRequest>(), http.getResponse<Response>());
    return next.handle();
  }
}
