import 'reflect-metadata';
import { ObjectionDto } from '../notices/notices.dto';
import { safeLocalPath } from './web-context';
import { fieldBounds, formErrors } from './web-errors';
import { validateForm } from './web-forms';
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

describe('validateForm and formErrors', () => {
  it('checks a form with the API DTO and names each field with the bound the DTO declares', async () => {
    const res = await validateForm(
      ObjectionDto,
      { applicationId: 'x', name: '李四', contact: '13800001111', reason: '太短', _csrf: 'token' },
      ['applicationId', 'name', 'contact', 'reason'],
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.values.name).toBe('李四');
    const { byField } = formErrors(res.errors, t, ObjectionDto);
    expect(Object.keys(byField).sort()).toEqual(['applicationId', 'reason']);
    expect(byField.reason).toBe('web.validation.minLength{"field":"web.fields.reason","min":10}');
    expect(fieldBounds(ObjectionDto, 'reason')).toEqual({ min: 10, max: 5000 });
  });

  it('passes a valid form through as the DTO', async () => {
    const res = await validateForm(
      ObjectionDto,
      { applicationId: '6f1c1a44-5a44-4d7a-9a55-6d5b8c1e2f30', name: '李四', contact: '13800001111', reason: '事实与理由写得足够清楚了' },
      ['applicationId', 'name', 'contact', 'reason'],
    );
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.value).toBeInstanceOf(ObjectionDto);
  });
});
