import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import { DisputeQuery, DisputeView, SettleDisputeDto, OrganizationVerificationView, VerifyOrganizationDto } from './organization-facts.dto';
import { OrganizationFactsService } from './organization-facts.service';

@ApiTags('organizations 社会组织')
@Controller()
export class OrganizationFactsController {
  constructor(private readonly facts: OrganizationFactsService) {}

  /**
   * 登记信息核验 / Verify registered facts
   *
   * @remarks 登记信息核验（登记地审核人员对照登记证书）
   */
  @ApiErrors(400, 404, 409)
  @Roles('REVIEWER')
  @Post('organizations/:id/verifications')
  verify(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: VerifyOrganizationDto,
  ): Promise<OrganizationVerificationView> {
    return this.facts.verify(user, id, dto);
  }

  /** 核验记录 / Verifications of an organization */
  @ApiErrors(400, 404)
  @Roles('REVIEWER', 'ADMIN')
  @Get('organizations/:id/verifications')
  verifications(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrganizationVerificationView[]> {
    return this.facts.verifications(user, id);
  }

  /** 信用代码争议 / Credit-code disputes */
  @ApiErrors(400)
  @ApiPage(DisputeView, '一页争议 / one page of disputes')
  @Roles('REVIEWER', 'ADMIN')
  @Get('organization-disputes')
  disputes(@CurrentUser() user: AuthUser, @Query() q: DisputeQuery) {
    return this.facts.disputes(user, q);
  }

  /** 裁决信用代码争议 / Settle a credit-code dispute */
  @ApiErrors(400, 404, 409)
  @Roles('REVIEWER')
  @Post('organization-disputes/:id/settle')
  settle(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SettleDisputeDto): Promise<DisputeView> {
    return this.facts.settle(user, id, dto);
  }
}
