import { Module } from '@nestjs/common';
import { ApplicationAccess } from './application-access';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { EligibilityPassesService } from './eligibility-passes.service';

@Module({
  controllers: [ApplicationsController, DocumentsController, AttachmentsController],
  providers: [ApplicationsService, ApplicationAccess, AttachmentsService, DocumentsService, EligibilityPassesService],
  // The portal's pages (web/) call the same services as these controllers.
  exports: [ApplicationAccess, ApplicationsService, AttachmentsService, DocumentsService, EligibilityPassesService],
})
export class ApplicationsModule {}
