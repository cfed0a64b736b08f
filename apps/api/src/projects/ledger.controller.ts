import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiFileDownload } from '../common/openapi/api-files.decorator';
import { LedgerService, sendLedger } from './ledger.service';
import { TrancheQuery } from './projects.dto';
import type { Response } from 'express';

/** 资金拨付台账 as an Excel workbook, filtered like the finance queue. */
@ApiTags('projects 项目实施')
@Controller('finance')
export class LedgerController {
  constructor(private readonly ledgers: LedgerService) {}

  /** 资金台账（Excel）/ Funding ledger (Excel) */
  @ApiErrors(400)
  @Roles('FINANCE', 'PROGRAM_MANAGER', 'ADMIN')
  @Get('ledger.xlsx')
  @ApiFileDownload(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], '台账工作簿 / the ledger workbook')
  async ledger(@CurrentUser() user: AuthUser, @Query() q: TrancheQuery, @Res() res: Response): Promise<void> {
    sendLedger(res, await this.ledgers.workbook(user, q));
  }
}
