import { Module } from '@nestjs/common';
import { RoundFilesController } from './round-files.controller';
import { RoundFilesService } from './round-files.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

@Module({
  controllers: [RoundsController, RoundFilesController],
  providers: [RoundsService, RoundFilesService],
  exports: [RoundsService, RoundFilesService],
})
export class RoundsModule {}
