import { nameOnRecord } from './name-on-record';

describe('nameOnRecord', () => {
  it('keeps the name of the submission once submitted, whatever the organization is called now', () => {
    expect(nameOnRecord({ stage: 'PUBLIC_NOTICE', organizationName: '阳光社工服务中心' }, '冒名社工服务中心')).toBe('阳光社工服务中心');
    expect(nameOnRecord({ stage: 'IMPLEMENTATION', organizationName: '阳光社工服务中心' }, '新名称')).toBe('阳光社工服务中心');
  });

  it('takes the current name while the application is with the applicant, or when none was recorded', () => {
    expect(nameOnRecord({ stage: 'RETURNED', organizationName: '旧名称' }, '新名称')).toBe('新名称');
    expect(nameOnRecord({ stage: 'DRAFT', organizationName: null }, '新名称')).toBe('新名称');
    expect(nameOnRecord({ stage: 'ELIGIBILITY_REVIEW', organizationName: null }, '新名称')).toBe('新名称');
  });
});
