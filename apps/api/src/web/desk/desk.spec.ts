import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@workflows/rules';
import { ChangeRoleDto, CreateUserDto } from '../../users/users.dto';
import { validateDto } from '../forms';
import { webTemplatesDir } from '../web-templates';
import { WORKSPACE_ITEMS, WORKSPACE_LINKS } from '../web-workspace';
import { DONE_STEPS } from './admin-user-page';
import { notificationHref } from './desk-links';
import { DESK_FIELDS, DESK_RULES, deskForm } from './desk-messages';

type Dict = { [key: string]: string | Dict };
const dict = (lang: string) => JSON.parse(readFileSync(join(webTemplatesDir(), 'i18n', lang, 'desk.json'), 'utf8')) as Dict;
const has = (d: Dict, key: string) =>
  typeof key.split('.').reduce<Dict | string | undefined>((x, p) => (typeof x === 'object' ? x[p] : undefined), d) === 'string';
const t = (key: string, args?: Record<string, unknown>) => `${key}${args ? JSON.stringify(args) : ''}`;

describe('desk dictionaries', () => {
  it('hold every key the desk pages build at run time, in both languages', () => {
    const built = [
      ...DESK_RULES.map((r) => `rules.${r}`),
      ...DESK_FIELDS.map((f) => `fields.${f}`),
      ...DONE_STEPS.map((s) => `user.done.${s}`),
      ...['deactivate', 'reactivate', 'reset'].flatMap((s) =>
        ['heading', 'intro', 'irreversible', 'confirm'].map((k) => `confirm.${s}.${k}`),
      ),
      ...[0, 1, 2, 3, 4, 5, 6].map((d) => `calendar.weekdays.${d}`),
      ...['set', 'removed'].map((d) => `calendar.done.${d}`),
      ...['read', 'allRead'].map((d) => `inbox.done.${d}`),
    ];
    for (const lang of ['zh-CN', 'en']) expect(built.filter((k) => !has(dict(lang), k))).toEqual([]);
  });
});

describe('workspace links', () => {
  it("lead every role's 消息通知 to the inbox, the admin's accounts and calendar to the desk, and keep the other areas' links", () => {
    for (const role of ROLES) {
      expect(WORKSPACE_ITEMS[role]).toContain('notifications');
      expect(WORKSPACE_LINKS[role]?.notifications).toBe('/inbox');
    }
    expect(WORKSPACE_LINKS.ADMIN).toMatchObject({ users: '/admin/users', calendar: '/admin/calendar', dashboards: '/manage/dashboard' });
    expect(WORKSPACE_LINKS.APPLICANT?.applications).toBe('/my/applications');
    expect(WORKSPACE_LINKS.PROGRAM_MANAGER?.rounds).toBe('/manage/rounds');
  });

  it('leave no item of any role without a page to lead to (nothing "coming soon")', () => {
    for (const role of ROLES) {
      expect(WORKSPACE_ITEMS[role].filter((item) => !WORKSPACE_LINKS[role]?.[item]?.startsWith('/'))).toEqual([]);
    }
  });
});

describe('notificationHref', () => {
  it("leads a notification about an application to the recipient's own page of it", () => {
    const id = 'a1';
    expect(notificationHref('APPLICANT', 'application.submitted', id)).toBe('/my/applications/a1');
    expect(notificationHref('REVIEWER', 'eligibility.awaiting', id)).toBe('/reviewer/eligibility/a1');
    expect(notificationHref('REVIEWER', 'objection.filed', id)).toBe('/reviewer/objections');
    expect(notificationHref('REVIEWER', 'report.submitted', id)).toBe('/reviewer/projects/a1');
    expect(notificationHref('EXPERT', 'panel.assigned', id)).toBe('/expert/assignments/a1');
    expect(notificationHref('EVALUATOR', 'x', id)).toBe('/evaluator/projects/a1');
    expect(notificationHref('PROGRAM_MANAGER', 'x', id)).toBe('/manage/projects/a1');
    expect(notificationHref('FINANCE', 'tranche.due', id)).toBe('/finance-desk');
    expect(notificationHref('ADMIN', 'x', id)).toBeUndefined();
    expect(notificationHref('APPLICANT', 'panel.assigned', null)).toBeUndefined();
  });
});

describe('deskForm', () => {
  it("names each field and rule of the API's DTO, with the password policy's length and the form's own ids", async () => {
    const checked = await validateDto(CreateUserDto, { username: 'x', password: '', displayName: '王', role: 'KING' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const { byField, list } = deskForm('zh-CN', t, CreateUserDto).errors(checked.errors);
    expect(byField.username).toBe('desk.rules.matches{"field":"desk.fields.username"}');
    expect(byField.password).toBe('desk.rules.minLength{"field":"desk.fields.password","min":10,"max":10}');
    expect(byField.role).toBe('desk.rules.isIn{"field":"desk.fields.role"}');
    expect(list.map((e) => e.field)).toEqual(['desk-username', 'desk-password', 'desk-role']);
    const role = await validateDto(ChangeRoleDto, { role: 'REVIEWER', reason: 'x' });
    const roleErrors = !role.ok && deskForm('en', t, ChangeRoleDto, 'role-').errors(role.errors);
    expect(roleErrors && roleErrors.list).toEqual([
      { field: 'role-reason', message: 'desk.rules.minLength{"field":"desk.fields.reason","min":2,"max":2}' },
    ]);
  });
});
