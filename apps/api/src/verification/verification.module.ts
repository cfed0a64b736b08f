import { Module } from '@nestjs/common';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';

@Module({
  controllers: [VerificationController],
  providers: [VerificationService],
  // The portal's /verify page calls the same service.
  exports: [VerificationService],
})
export class VerificationModule {}
