import { PASSWORD_MIN_LENGTH } from '../../auth/password-policy';
import { DtoClass, dtoConstraint, formErrors, FormPage } from '../forms';
import type { Translate } from '../web-context';
import type { WebLang } from '../web-i18n';

/** Rules with their own sentence in desk.rules.*; any other reads desk.rules.invalid. */
export const DESK_RULES = [
  'required',
  'isNotEmpty',
  'isString',
  'minLength',
  'maxLength',
  'isIn',
  'isUuid',
  'matches',
  'isEmail',
  'isRegionCode',
  'isBoolean',
  'isDate',
  'weekendOnly',
  'notUsername',
  'notCommon',
  'applicantOnly',
  'invalid',
] as const;
const KNOWN = new Set<string>(DESK_RULES);

/** The fields of the desk's forms (dictionary keys desk.fields.*). */
export const DESK_FIELDS = [
  'username',
  'password',
  'displayName',
  'role',
  'regionCode',
  'email',
  'reason',
  'organizationId',
  'userId',
  'temporaryPassword',
  'date',
  'working',
  'name',
  'language',
  'emailOff',
] as const;

/**
 * A form of the desk (account administration, the calendar) in the page's language: each field
 * error names the field and the rule, with the bounds its DTO declares (the password's length is
 * the policy's, which the service applies beyond the DTO). `idPrefix` starts the ids of the form's
 * inputs, so that several forms on one page keep theirs apart.
 */
export function deskForm(lang: WebLang, t: Translate, dto?: DtoClass, idPrefix = 'desk-'): FormPage {
  return {
    lang,
    t,
    errors: (found) =>
      formErrors(found, (e) => {
        const known = (DESK_FIELDS as readonly string[]).includes(e.field);
        const field = t(known ? `desk.fields.${e.field}` : 'desk.fields.unknown');
        const passwordRule = e.rule === 'minLength' && (e.field === 'password' || e.field === 'temporaryPassword');
        const bounded = e.rule === 'minLength' || e.rule === 'maxLength';
        const limit = passwordRule ? PASSWORD_MIN_LENGTH : bounded ? dtoConstraint(dto, e.field, e.rule) : undefined;
        const message = t(`desk.rules.${KNOWN.has(e.rule) ? e.rule : 'invalid'}`, { field, min: limit, max: limit });
        return { key: e.field, message, anchor: `${idPrefix}${e.field}` };
      }),
  };
}
