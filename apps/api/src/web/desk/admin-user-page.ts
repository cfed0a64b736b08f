import { ROLE_LABELS, ROLES } from '@workflows/rules';
import { renderPage } from '../web-context';
import { labelText, WebLang } from '../web-i18n';
import type { UserDetail } from '../../users/users.dto';
import type { FormErrors, Refusal } from '../forms';
import type { Translate } from '../web-context';
import type { Response } from 'express';

/** The forms of an account's page, each posting to its own route. */
export type UserForm = 'role' | 'account' | 'reset' | 'member';

export interface UserPageExtra {
  form?: UserForm;
  errors?: FormErrors;
  refusal?: Refusal;
  typed?: Record<string, string>;
  done?: string;
}

export const DONE_STEPS = ['created', 'roleChanged', 'deactivated', 'reactivated', 'memberAdded'] as const;

/** Roles as the forms offer them, in the page's language. */
export function roleChoices(lang: WebLang, selected?: string) {
  return ROLES.map((code) => ({ code, label: labelText(ROLE_LABELS[code], lang) ?? code, selected: code === selected }));
}

/** 账号详情: the account's facts and the admin's forms on it, each showing its own errors. */
export function renderUserPage(
  res: Response,
  t: Translate,
  lang: WebLang,
  user: UserDetail,
  organizations: { id: string; name: string }[],
  extra: UserPageExtra = {},
  status = 200,
): Promise<void> {
  const mine = (form: UserForm) => (extra.form === form ? extra : {});
  const typed = extra.typed ?? {};
  const member = new Set(user.organizations.map((o) => o.id));
  return renderPage(
    res,
    'pages/desk/user',
    {
      title: t('desk.user.title', { name: user.displayName }),
      section: 'workspace',
      account: { ...user, createdAt: user.createdAt.toISOString() },
      isApplicant: user.role === 'APPLICANT',
      roles: roleChoices(lang, extra.form === 'role' ? typed.role : user.role),
      regionValue: extra.form === 'role' ? typed.regionCode : (user.regionCode ?? ''),
      organizationChoices: organizations
        .filter((o) => !member.has(o.id))
        .map((o) => ({ ...o, selected: extra.form === 'member' && typed.organizationId === o.id })),
      roleForm: { errors: mine('role').errors, refusal: mine('role').refusal, reason: extra.form === 'role' ? typed.reason : '' },
      accountForm: {
        errors: mine('account').errors,
        refusal: mine('account').refusal,
        reason: extra.form === 'account' ? typed.reason : '',
      },
      resetForm: { errors: mine('reset').errors, refusal: mine('reset').refusal, reason: extra.form === 'reset' ? typed.reason : '' },
      memberForm: { errors: mine('member').errors, refusal: mine('member').refusal },
      doneMessage: extra.done && (DONE_STEPS as readonly string[]).includes(extra.done) ? t(`desk.user.done.${extra.done}`) : undefined,
    },
    status,
  );
}
