import { dictionary } from '@zxcvbn-ts/language-common';
import { ValidationFailedError, type FieldError } from '../common/errors';

export const PASSWORD_MIN_LENGTH = 10;

// zxcvbn-ts's ranked list of passwords found in breaches (about 49,000), kept by its maintainers.
const COMMON = new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));

/**
 * The rules a new password must meet wherever one is set (account created by an admin, reset,
 * changed by its owner): long enough, not the account's own name, not a password attackers try
 * first. Each broken rule is one field error naming the field and the rule.
 */
export function passwordProblems(password: string, username: string, field = 'password'): FieldError[] {
  const problems: FieldError[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push({
      field,
      rule: 'minLength',
      message: `${field}: 密码至少 ${PASSWORD_MIN_LENGTH} 位 / must be at least ${PASSWORD_MIN_LENGTH} characters`,
    });
  }
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (name && lower.includes(name)) {
    problems.push({ field, rule: 'notUsername', message: `${field}: 密码不能包含用户名 / must not contain the user name` });
  }
  if (COMMON.has(lower)) {
    problems.push({ field, rule: 'notCommon', message: `${field}: 该密码过于常见，容易被猜中 / is a commonly used password` });
  }
  return problems;
}

export function assertPasswordPolicy(password: string, username: string, field = 'password'): void {
  const problems = passwordProblems(password, username, field);
  if (problems.length > 0) throw new ValidationFailedError(problems);
}
