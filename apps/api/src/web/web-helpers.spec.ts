import 'reflect-metadata';
import { LoginDto } from '../auth/auth.dto';
import { ObjectionDto } from '../notices/notices.dto';
import { postedFields, validateDto } from './forms';
import { safeLocalPath } from './web-context';
import { webErrors } from './web-errors';
import { pageNumber, pager } from './web-pager';
import { groupDigits } from './web-views';

const t = (key: string, args?: Record<string, unknown>) => `${key}${args ? JSON.stringify(args) : ''}`;

describe('safeLocalPath', () => {
  it('keeps paths of this site and refuses everything that could lead elsewhere', () => {
    expect(safeLocalPath('/workspace?tab=1')).toBe('/workspace?tab=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'workspace', undefined, 42])
      expect(safeLocalPath(bad, '/x')).toBe('/x');
  });
});

describe('pager', () => {
  it('reads ?page= leniently and links to the pages around', () => {
    expect(pageNumber('3')).toBe(3);
    for (const raw of ['0', '-1', 'abc', '1.5', undefined, ['2']]) expect(pageNumber(raw)).toBe(1);
    expect(pager(25, 2, 10, (p) => `/?page=${p}`)).toEqual({ page: 2, pages: 3, prevHref: '/?page=1', nextHref: '/?page=3' });
    expect(pager(10, 1, 10, (p) => `/?page=${p}`)).toBeUndefined();
  });
});

describe('groupDigits', () => {
  it('groups thousands on the decimal string, never through a float', () => {
    expect(groupDigits('1234567.50')).toBe('1,234,567.50');
    expect(groupDigits('999999999999.99')).toBe('999,999,999,999.99');
    expect(groupDigits('0.00')).toBe('0.00');
  });
});

describe('public form errors', () => {
  it('name each field of a public form with the bound the DTO declares', async () => {
    const { typed } = postedFields({ applicationId: 'x', name: '李四', contact: '13800001111', reason: '太短', _csrf: 'token' }, [
      'applicationId',
      'name',
      'contact',
      'reason',
    ]);
    const res = await validateDto(ObjectionDto, typed);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const { byField, list } = webErrors(res.errors, t, ObjectionDto);
    expect(Object.keys(byField).sort()).toEqual(['applicationId', 'reason']);
    expect(byField.reason).toBe('web.validation.minLength{"field":"web.fields.reason","min":10}');
    expect(list.map((e) => e.field)).toEqual(['applicationId', 'reason']);
  });

  it('read a blank required field as empty text, so the message says it is missing rather than too long', async () => {
    const { typed } = postedFields({ username: '', password: 'x' }, ['username', 'password']);
    const res = await validateDto(LoginDto, typed);
    expect(!res.ok && webErrors(res.errors, t, LoginDto).byField).toEqual({
      username: 'web.validation.minLength{"field":"web.fields.username","min":1}',
    });
  });
});
