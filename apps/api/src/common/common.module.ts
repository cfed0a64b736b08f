import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth/auth.guard';
import { Decisions } from './decisions';
import { PrismaService } from './prisma.service';
import { TemporalModule } from './temporal.provider';

/** Cross-cutting providers every feature uses: database, Temporal client, JWT, the global guard. */
@Global()
@Module({
  imports: [
    TemporalModule,
    JwtModule.registerAsync({
      global: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        secret: config.getOrThrow<string>('JWT_SECRET'),
        signOptions: { expiresIn: config.getOrThrow<string>('JWT_TTL') as `${number}h` },
      }),
    }),
  ],
  providers: [PrismaService, Decisions, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PrismaService, TemporalModule, Decisions],
})
export class CommonModule {}
