import { forbidden, invalidInput } from './contracts';
import { DECIDERS, type Decision } from './rules/deciders';
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
  if (!reason || reason.trim().length < 2) {
    throw invalidInput([{ field, rule: 'required', message: `${field}: 须填写理由（至少2个字）/ a reason is required` }]);
  }
}
