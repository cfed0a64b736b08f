import { ApplicationFailure } from '@temporalio/common';
import { Actor, DecisionRefusal } from './messages';
import { DECIDERS, type Decision } from './rules/deciders';
import type { Role } from './rules/stages';

/** Thrown by update validators and handlers; the API maps the type to 409, 403 or 400. */
export function invalidTransition(message: string, currentStage: string): ApplicationFailure {
  return ApplicationFailure.create({ type: DecisionRefusal.INVALID_TRANSITION, message, details: [{ currentStage }], nonRetryable: true });
}

export function forbidden(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: DecisionRefusal.FORBIDDEN, message, nonRetryable: true });
}

export function invalidInput(errors: { field: string; rule: string; message: string }[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: DecisionRefusal.VALIDATION,
    message: errors.map((e) => e.message).join('；'),
    details: [{ errors }],
    nonRetryable: true,
  });
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden(`角色 ${actor.role} 不能作出此决定 / role may not make this decision`);
}

/** The first check of every decision: the actor's role is one the table (rules/deciders.ts) allows. */
export function requireDecider(actor: Actor, decision: Decision): void {
  requireRole(actor, ...DECIDERS[decision]);
}

export function requireReason(reason: string | undefined, field = 'reason'): void {
  if (!reason || reason.trim().length < 2) {
    throw invalidInput([{ field, rule: 'required', message: `${field}: 须填写理由（至少2个字）/ a reason is required` }]);
  }
}
