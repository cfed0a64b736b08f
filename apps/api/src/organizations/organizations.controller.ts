import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { CreateOrganizationDto, OrganizationQuery, SetCreditStatusDto, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations 社会组织')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Roles('APPLICANT', 'ADMIN')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganizationDto) {
    return this.organizations.create(user, dto);
  }

  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: OrganizationQuery) {
    return this.organizations.list(user, q);
  }

  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.organizations.get(user, id);
  }

  @Roles('APPLICANT', 'ADMIN')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(user, id, dto);
  }

  /** 列入或移出失信名单 */
  @Roles('REVIEWER', 'ADMIN')
  @Post(':id/credit-status')
  setCreditStatus(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SetCreditStatusDto) {
    return this.organizations.setCreditStatus(user, id, dto);
  }
}
