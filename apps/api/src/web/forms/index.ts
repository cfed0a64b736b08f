/**
 * The portal's form toolkit: read a posted form, check it with the JSON API's DTO, send the
 * decision, and turn what the DTO, the service or the workflow refused into what the page shows
 * beside the user's input. Each area (applicant, office, review, public) supplies its wording.
 */
export { dtoConstraint, fieldBounds, formErrors } from './form-errors';
export type { DtoClass, FormErrors, WordedError } from './form-errors';
export { endOfChinaDay, postedFields, validateDto } from './form-input';
export type { Checked } from './form-input';
export { checkForm, decide, refusalBox, refusalOf, submitForm } from './form-outcome';
export type { FormPage, Outcome, Refusal, Refused, RefusalWording } from './form-outcome';
export { CONFIRM_FIELD, isConfirmed, renderConfirmation } from './confirmation';
export type { Confirmation, ConfirmationFact } from './confirmation';
