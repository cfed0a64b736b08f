import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';

/** 中文与英文名称 / a name in Chinese and English. */
export class LabelView {
  zh!: string;
  en!: string;
}

/** 经办人（申请人所见：角色与姓名，不含内部编号）/ who did something, as an applicant may see it: role and name, never the id. */
export class PersonView {
  @ApiProperty({ enum: ROLES })
  role!: string;
  displayName!: string;
}
