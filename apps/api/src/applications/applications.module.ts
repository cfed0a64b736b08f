import { Module } from '@nestjs/common';
import { ApplicationAccess } from './application-access';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { AttachmentsController } from './attachments.controller';
import { DocumentsController } from './documents.controller';

@Module({
  controllers: [ApplicationsController, DocumentsController, AttachmentsController],
  providers: [ApplicationsService, ApplicationAccess],
  exports: [ApplicationAccess],
})
export class ApplicationsModule {}
