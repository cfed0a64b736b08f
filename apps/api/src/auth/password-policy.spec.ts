import { passwordProblems } from './password-policy';

const rules = (password: string, username = 'zhang.hua') => passwordProblems(password, username).map((p) => p.rule);

describe('password policy', () => {
  it('refuses fewer than 10 characters, naming the field and the rule in Chinese and English', () => {
    const [problem] = passwordProblems('Ab#45678x', 'zhang.hua', 'newPassword');
    expect(problem).toEqual({
      field: 'newPassword',
      rule: 'minLength',
      message: expect.stringMatching(/^newPassword: 密码至少 10 位 \/ must be/),
    });
  });

  it('counts characters, not bytes: ten Chinese characters are long enough', () => {
    expect(rules('公益创投项目申报密码长')).toEqual([]);
  });

  it('refuses a password that contains the user name, whatever the case', () => {
    expect(rules('Zhang.Hua-2026!', 'zhang.hua')).toEqual(['notUsername']);
  });

  it('refuses passwords from the common-password list, whatever the case', () => {
    expect(rules('1234567890')).toEqual(['notCommon']);
    expect(rules('QWERTYUIOP')).toEqual(['notCommon']);
    expect(rules('password123')).toEqual(['notCommon']);
  });

  it('accepts a long, uncommon password that is not the user name', () => {
    expect(rules('Sunny-Meadow-Teapot-41')).toEqual([]);
    expect(rules('Test@12345')).toEqual([]);
  });
});
