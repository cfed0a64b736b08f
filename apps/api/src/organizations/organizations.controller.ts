import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import {
  CreateOrganizationDto,
  DisputeOpened,
  OrganizationDetailView,
  OrganizationQuery,
  OrganizationView,
  UpdateOrganizationDto,
} from './organizations.dto';
import { OrganizationsService } from './organizations.service';
import type { Response } from 'express';

@ApiTags('organizations 社会组织')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** 登记社会组织 / Register an organization */
  @ApiErrors(400, 409)
  @ApiCreatedResponse({ type: OrganizationView, description: '已登记 / registered' })
  @ApiAcceptedResponse({ type: DisputeOpened, description: '信用代码已被登记：已提交争议 / the code is taken: a dispute is open' })
  @Roles('APPLICANT', 'ADMIN')
  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganizationDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.organizations.create(user, dto);
    // 202: the claim is accepted for a reviewer to settle; nothing was registered.
    if ('disputeOpened' in result) res.status(202);
    return result;
  }

  /** 社会组织列表 / List organizations */
  @ApiErrors(400)
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @ApiPage(OrganizationView, '一页社会组织 / one page of organizations')
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: OrganizationQuery) {
    return this.organizations.list(user, q);
  }

  /** 社会组织详情 / An organization */
  @ApiErrors(400, 404)
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrganizationDetailView> {
    return this.organizations.get(user, id);
  }

  /** 修改社会组织资料 / Update an organization's profile */
  @ApiErrors(400, 404, 409)
  @Roles('APPLICANT', 'ADMIN')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(user, id, dto);
  }
}
