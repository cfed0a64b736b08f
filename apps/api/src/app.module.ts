import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { createLogger } from '@observability/logger';
import { AccountsModule } from './accounts/accounts.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CommonModule } from './common/common.module';
import { validateApiEnv } from './common/config';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { LimitsModule } from './limits/limits.module';
import { NoticesModule } from './notices/notices.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ProjectsModule } from './projects/projects.module';
import { ReviewsModule } from './reviews/reviews.module';
import { RoundsModule } from './rounds/rounds.module';
import { UsersModule } from './users/users.module';
import { VerificationModule } from './verification/verification.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateApiEnv }),
    // JSON logs: a line per request (method, route, status, time taken) with its request id.
    LoggerModule.forRoot({
      pinoHttp: {
        logger: createLogger('api'),
        genReqId: (req) => (req as { id?: string }).id ?? 'none',
        // The request id is on every line already (the logger's mixin).
        customProps: () => ({}),
        quietReqLogger: true,
      },
    }),
    CommonModule,
    LimitsModule,
    AuthModule,
    AccountsModule,
    UsersModule,
    OrganizationsModule,
    RoundsModule,
    ApplicationsModule,
    ReviewsModule,
    NoticesModule,
    NotificationsModule,
    CalendarModule,
    ProjectsModule,
    DashboardModule,
    HealthModule,
    VerificationModule,
    WebModule,
  ],
})
export class AppModule {}
