import { IsOptional, IsUUID } from 'class-validator';
import { IsRegionCode } from '../common/validators';

export class DashboardQuery {
  /** 只看某一轮次 */
  @IsOptional()
  @IsUUID()
  roundId?: string;

  /** 只看某一行政区划（省、市、县）主办的轮次；须在本人辖区内 */
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;
}

export class StageCount {
  stage!: string;
  count!: number;
}

export class Breakdown {
  key!: string;
  /** 项目数（含未立项的申报） */
  count!: number;
  /** 已立项项目的资助金额合计（元） */
  committed!: string;
}

/** Money as exact decimal strings (元, two decimals), computed by the database. */
export class DashboardView {
  roundId!: string | null;
  regionCode!: string | null;
  /** 已立项（含实施、结项、终止）项目的资助金额合计 */
  committed!: string;
  /** 已拨付金额合计 */
  paid!: string;
  byStage!: StageCount[];
  byCategory!: Breakdown[];
  /** By the applying organization's region (its county's code), within the rounds in scope. */
  byRegion!: Breakdown[];
}
