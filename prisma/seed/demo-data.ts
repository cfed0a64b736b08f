import { makeCreditCode } from '../../workflows/rules';

/**
 * Demo accounts: one per role, all with the same password, printed by `npm start`. They exist only
 * where the demo data is seeded (never with --no-demo, DEMO_DATA=0 or in production); the password
 * meets the password policy (auth/password-policy.ts).
 */
export const DEMO_PASSWORD = 'Demo-Welfare-2026';

export const DEMO_USERS = [
  { username: 'admin', displayName: '系统管理员', role: 'ADMIN', regionCode: null },
  { username: 'manager', displayName: '市民政局项目管理员 王敏', role: 'PROGRAM_MANAGER', regionCode: '330100' },
  { username: 'reviewer', displayName: '市民政局审核员 李强', role: 'REVIEWER', regionCode: '330100' },
  { username: 'reviewer2', displayName: '市民政局审核员 赵丽', role: 'REVIEWER', regionCode: '330100' },
  { username: 'finance', displayName: '财务人员 陈静', role: 'FINANCE', regionCode: '330100' },
  { username: 'finance2', displayName: '财务人员 周洋', role: 'FINANCE', regionCode: '330100' },
  { username: 'expert1', displayName: '评审专家 刘教授', role: 'EXPERT', regionCode: null },
  { username: 'expert2', displayName: '评审专家 孙老师', role: 'EXPERT', regionCode: null },
  { username: 'evaluator', displayName: '第三方评估机构 评估员 吴晨', role: 'EVALUATOR', regionCode: null },
  { username: 'applicant', displayName: '申报单位 张华（阳光社工）', role: 'APPLICANT', regionCode: null },
  { username: 'applicant2', displayName: '申报单位 黄梅（邻里互助）', role: 'APPLICANT', regionCode: null },
] as const;

export const DEMO_ORGANIZATIONS = [
  {
    member: 'applicant',
    name: '杭州市阳光社会工作服务中心',
    creditCode: makeCreditCode('52330100MJ000001'),
    regionCode: '330106',
    registeredAt: '2015-06-18',
    rating: '4A',
    contactName: '张华',
    contactPhone: '0571-88000001',
  },
  {
    member: 'applicant2',
    name: '杭州市邻里互助服务社',
    creditCode: makeCreditCode('52330100MJ000002'),
    regionCode: '330105',
    registeredAt: '2019-03-02',
    rating: '3A',
    contactName: '黄梅',
    contactPhone: '0571-88000002',
  },
  {
    member: 'applicant',
    name: '杭州市助残康复志愿者协会',
    creditCode: makeCreditCode('51330100MJ000003'),
    regionCode: '330102',
    registeredAt: '2023-09-10',
    rating: null,
    contactName: '张华',
    contactPhone: '0571-88000003',
  },
] as const;

export const DEMO_ROUND_NAME = '2027年度杭州市社区公益创投（示范）';
