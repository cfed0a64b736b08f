import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({
  imports: [ApplicationsModule],
  controllers: [ProjectsController, LedgerController],
  providers: [ProjectsService, LedgerService],
  exports: [ProjectsService, LedgerService],
})
export class ProjectsModule {}
