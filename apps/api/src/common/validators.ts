import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { MONEY_PATTERN, validateCreditCode, validateRegionCode } from '@workflows/rules';

/** class-validator adapters over the shared rules in workflows/rules (one rule, written once). */
function fromRule(name: string, check: (value: unknown) => string | null, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    let lastMessage = '';
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          const message = check(value);
          lastMessage = message ?? '';
          return message === null;
        },
        defaultMessage(args: ValidationArguments) {
          return `${args.property}: ${lastMessage}`;
        },
      },
    });
  };
}

export const IsCreditCode = (options?: ValidationOptions) =>
  fromRule(
    'isCreditCode',
    (v) => {
      if (typeof v !== 'string') return '统一社会信用代码须为字符串';
      const r = validateCreditCode(v);
      return r.ok ? null : r.message;
    },
    options,
  );

export const IsRegionCode = (options?: ValidationOptions) =>
  fromRule(
    'isRegionCode',
    (v) => {
      if (typeof v !== 'string') return '行政区划代码须为6位数字字符串';
      const r = validateRegionCode(v);
      return r.ok ? null : r.message;
    },
    options,
  );

export const IsMoney = (options?: ValidationOptions) =>
  fromRule(
    'isMoney',
    (v) =>
      typeof v === 'string' && MONEY_PATTERN.test(v)
        ? null
        : '金额须为不小于0的字符串（元，最多两位小数），例如 "1000.00" / money must be a non-negative decimal string',
    options,
  );

/** An amount that must be above zero (申请资助金额): the database refuses 0 as well. */
export const IsPositiveMoney = (options?: ValidationOptions) =>
  fromRule(
    'isPositiveMoney',
    (v) =>
      typeof v === 'string' && MONEY_PATTERN.test(v) && /[1-9]/.test(v)
        ? null
        : '金额须为大于0的字符串（元，最多两位小数），例如 "1000.00" / money must be a decimal string above zero',
    options,
  );
