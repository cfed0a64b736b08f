import type { AuthUser } from './auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

export interface AuditInput {
  entityType: string;
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  data?: Prisma.InputJsonValue;
}

/** Writes one audit row inside the caller's transaction, so the change and its record land together. */
export function audit(tx: Prisma.TransactionClient, actor: AuthUser, entry: AuditInput) {
  return tx.auditEntry.create({
    data: { ...entry, actorId: actor.id, actorRole: actor.role },
  });
}
