import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { DisputeQuery, SettleDisputeDto, VerifyOrganizationDto } from './organization-facts.dto';
import { OrganizationFactsService } from './organization-facts.service';

@ApiTags('organizations 社会组织')
@ApiBearerAuth()
@Controller()
export class OrganizationFactsController {
  constructor(private readonly facts: OrganizationFactsService) {}

  /** 登记信息核验（登记地审核人员对照登记证书） */
  @Roles('REVIEWER')
  @Post('organizations/:id/verifications')
  verify(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: VerifyOrganizationDto) {
    return this.facts.verify(user, id, dto);
  }

  @Roles('REVIEWER', 'ADMIN')
  @Get('organizations/:id/verifications')
  verifications(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.facts.verifications(user, id);
  }

  /** 信用代码争议 */
  @Roles('REVIEWER', 'ADMIN')
  @Get('organization-disputes')
  disputes(@CurrentUser() user: AuthUser, @Query() q: DisputeQuery) {
    return this.facts.disputes(user, q);
  }

  @Roles('REVIEWER')
  @Post('organization-disputes/:id/settle')
  settle(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SettleDisputeDto) {
    return this.facts.settle(user, id, dto);
  }
}
