import { join } from 'node:path';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { CookieResolver, I18nModule } from 'nestjs-i18n';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { CalendarModule } from '../calendar/calendar.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { NoticesModule } from '../notices/notices.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { RoundsModule } from '../rounds/rounds.module';
import { UsersModule } from '../users/users.module';
import { VerificationModule } from '../verification/verification.module';
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
 * API. The feature modules export those services and are imported here, so each service has
 * one instance (web.module.spec.ts refuses a feature service provided here a second time).
 */
@Module({
  imports: [
    I18nModule.forRoot({
      fallbackLanguage: DEFAULT_LANG,
      loaderOptions: { path: join(webTemplatesDir(), 'i18n'), watch: false },
      resolvers: [{ use: CookieResolver, options: [LANG_COOKIE] }],
    }),
    AccountsModule,
    ApplicationsModule,
    AuthModule,
    CalendarModule,
    DashboardModule,
    NoticesModule,
    NotificationsModule,
    OrganizationsModule,
    ProjectsModule,
    ReviewsModule,
    RoundsModule,
    UsersModule,
    VerificationModule,
  ],
  controllers: WEB_CONTROLLERS,
  providers: [
    WebCookies,
    WebCsrf,
    WebCsrfGuard,
    WebContext,
    WebSessionService,
    WebPageInterceptor,
    WebExceptionFilter,
    PublicRoundsService,
    ...WEB_AREAS.flatMap((a) => a.providers),
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Cookies are read on the portal's routes only: the JSON API authenticates by header alone.
    consumer.apply(cookieParser(), PreSessionMiddleware).forRoutes(...WEB_CONTROLLERS);
  }
}
