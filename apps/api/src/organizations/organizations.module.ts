import { Module } from '@nestjs/common';
import { CreditChangesController } from './credit-changes.controller';
import { CreditChangesService } from './credit-changes.service';
import { FactChangesController } from './fact-changes.controller';
import { FactChangesService } from './fact-changes.service';
import { OrganizationFactsController } from './organization-facts.controller';
import { OrganizationFactsService } from './organization-facts.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

@Module({
  controllers: [OrganizationsController, CreditChangesController, FactChangesController, OrganizationFactsController],
  providers: [OrganizationsService, CreditChangesService, FactChangesService, OrganizationFactsService],
  exports: [OrganizationsService, CreditChangesService, OrganizationFactsService],
})
export class OrganizationsModule {}
