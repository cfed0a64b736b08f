import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { DashboardQuery, DashboardView } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard 统计')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /**
   * 统计看板 / Dashboard
   *
   * @remarks 统计看板：已立项与已拨付金额，按阶段、类别、地区的项目数（本辖区）
   */
  @ApiErrors(400)
  @Roles('PROGRAM_MANAGER', 'ADMIN')
  @Get()
  summary(@CurrentUser() user: AuthUser, @Query() q: DashboardQuery): Promise<DashboardView> {
    return this.dashboard.summary(user, q);
  }
}
