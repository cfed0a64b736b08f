import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth/auth.guard';
import { keyId } from './auth/key-id';
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
      useFactory: (config: ConfigService) => {
        const secret = config.getOrThrow<string>('JWT_SECRET');
        return {
          secret,
          signOptions: { algorithm: 'HS256', keyid: keyId(secret), expiresIn: config.getOrThrow<string>('JWT_TTL') as `${number}h` },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
  ],
  providers: [PrismaService, Decisions, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PrismaService, TemporalModule, Decisions],
})
export class CommonModule {}
