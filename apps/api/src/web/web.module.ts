import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { CookieResolver, I18nModule } from 'nestjs-i18n';
import { join } from 'node:path';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthService } from '../auth/auth.service';
import { NoticesService } from '../notices/notices.service';
import { ProjectsService } from '../projects/projects.service';
import { PreSessionMiddleware } from './pre-session.middleware';
import { PublicRoundsService } from './public-rounds.service';
import { WebContext } from './web-context';
import { WebCookies } from './web-cookies';
import { WebCsrf, WebCsrfGuard } from './web-csrf';
import { WebExceptionFilter } from './web-exception.filter';
import { DEFAULT_LANG, LANG_COOKIE } from './web-i18n';
import { WebPageInterceptor } from './web-page.interceptor';
import { WEB_AREAS, WEB_CONTROLLERS } from './web-routes';
import { WebSessionService } from './web-session.service';
import { webTemplatesDir } from './web-templates';

/**
 * The server-rendered portal (templates/web): pages that call the same services as the JSON
 * API. The feature modules do not export their services, so the ones the pages read through are
 * provided here again — stateless classes, so a second instance holds no second copy of any rule.
 */
@Module({
  imports: [
    I18nModule.forRoot({
      fallbackLanguage: DEFAULT_LANG,
      loaderOptions: { path: join(webTemplatesDir(), 'i18n'), watch: false },
      resolvers: [{ use: CookieResolver, options: [LANG_COOKIE] }],
    }),
    ApplicationsModule,
  ],
  controllers: WEB_CONTROLLERS,
  providers: [
    WebCookies, WebCsrf, WebCsrfGuard, WebContext, WebSessionService, WebPageInterceptor, WebExceptionFilter,
    PublicRoundsService, NoticesService, ProjectsService, AuthService,
    ...WEB_AREAS.flatMap((a) => a.providers),
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Cookies are read on the portal's routes only: the JSON API authenticates by header alone.
    consumer.apply(cookieParser(), PreSessionMiddleware).forRoutes(...WEB_CONTROLLERS);
  }
}
