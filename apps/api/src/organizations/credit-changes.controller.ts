import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TWO_PERSON_DECIDERS } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { CreditChangeDecisionDto, ProposeCreditChangeDto } from './credit-changes.dto';
import { CreditChangesService } from './credit-changes.service';

/** 失信名单: listing and clearing, each proposed by one reviewer and confirmed by another. */
@ApiTags('organizations 社会组织')
@Controller('organizations/:id/credit-changes')
export class CreditChangesController {
  constructor(private readonly changes: CreditChangesService) {}

  /**
   * 提议列入或移出失信名单 / Propose a dishonesty-list change
   *
   * @remarks 提议列入或移出失信名单: the status stays as it is until a second reviewer confirms.
   */
  @ApiErrors(400, 404, 409)
  @Roles(...TWO_PERSON_DECIDERS.creditChange)
  @Post()
  propose(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ProposeCreditChangeDto) {
    return this.changes.propose(user, id, dto);
  }

  /** 失信名单变更记录 / Dishonesty-list changes of an organization */
  @ApiErrors(400, 404)
  @Roles('REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.changes.list(user, id);
  }

  /**
   * 复核失信名单变更 / Confirm or refuse a dishonesty-list change
   *
   * @remarks 复核: another reviewer than the proposer confirms (the status changes) or refuses.
   */
  @ApiErrors(400, 404, 409)
  @Roles(...TWO_PERSON_DECIDERS.creditChange)
  @Post(':changeId/decision')
  @HttpCode(200)
  decide(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('changeId', new ParseUUIDPipe()) changeId: string,
    @Body() dto: CreditChangeDecisionDto,
  ) {
    return this.changes.decide(user, id, changeId, dto);
  }
}
