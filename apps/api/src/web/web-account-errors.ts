import { PASSWORD_MIN_LENGTH } from '../auth/password-policy';
import { formErrors } from './forms';
import { fieldMessage } from './web-errors';
import type { FieldError } from '../common/errors';
import type { Translate } from './web-context';

// Rules worded by the account pages (web.accounts.rules), beyond the generic ones of web.validation.
const TOKEN_RULES = ['invalid', 'expired', 'used'];
const ACCOUNT_RULES = new Set([...TOKEN_RULES, 'taken', 'invitedAddress', 'isEmail', 'minLength', 'notUsername', 'notCommon']);
const PASSWORD_FIELDS = new Set(['password', 'newPassword']);

/**
 * The account pages' field errors (registration, password reset, invitations, an organization's
 * members): the token's state, a taken name, the password policy, the generic rest; `labels` names
 * fields whose label is not web.fields.<name>.
 */
export function accountErrors(found: FieldError[], t: Translate, labels: Record<string, string> = {}) {
  return formErrors(found, (e) => {
    const field = t(labels[e.field] ?? `web.fields.${e.field}`);
    const ours = ACCOUNT_RULES.has(e.rule) && (e.rule !== 'minLength' || PASSWORD_FIELDS.has(e.field));
    if (e.field === 'username' && e.rule === 'matches') return { key: e.field, message: t('web.accounts.rules.usernameFormat', { field }) };
    return { key: e.field, message: ours ? t(`web.accounts.rules.${e.rule}`, { field, min: PASSWORD_MIN_LENGTH }) : fieldMessage(e, t) };
  });
}
