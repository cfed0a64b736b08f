import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { validateApiEnv } from './common/config';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { RoundsModule } from './rounds/rounds.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateApiEnv }),
    CommonModule,
    AuthModule,
    UsersModule,
    OrganizationsModule,
    RoundsModule,
    HealthModule,
  ],
})
export class AppModule {}
