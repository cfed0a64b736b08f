import { forbidden, invalidInput } from './contracts';
import { DECIDERS, type Decision } from './rules/deciders';
import { reasonErrors } from './rules/decision-rules';
import type { Actor } from './messages';
import type { Role } from './rules/stages';

/** The checks every decision's validator opens with; the refusals themselves are in contracts.ts. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden(`角色 ${actor.role} 不能作出此决定 / role may not make this decision`);
}

/** The first check of every decision: the actor's role is one the table (rules/deciders.ts) allows. */
export function requireDecider(actor: Actor, decision: Decision): void {
  requireRole(actor, ...DECIDERS[decision]);
}

export function requireReason(reason: string | undefined, field = 'reason'): void {
  const errors = reasonErrors(reason, field);
  if (errors.length > 0) throw invalidInput(errors);
}
