import { Module } from '@nestjs/common';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';
import { ObjectionFilingService } from './objection-filing.service';

@Module({ controllers: [NoticesController], providers: [NoticesService, ObjectionFilingService], exports: [NoticesService] })
export class NoticesModule {}
