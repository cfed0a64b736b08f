import { createHash } from 'node:crypto';
import type { PrismaClient } from '../prisma/client';

/**
 * The treasury payment system (国库集中支付) as this platform sees it: a transfer keyed by an
 * idempotency key, so asking twice pays once. Simulated here by a table; a real adapter would
 * call the treasury with the same key. PSP_TREASURY_LATENCY_MS adds the latency of a real call
 * (fault-injection tests kill the worker inside it).
 */
export async function treasuryTransfer(
  prisma: PrismaClient,
  t: { key: string; amount: string; payee: string },
): Promise<{ reference: string }> {
  const latency = Number(process.env.PSP_TREASURY_LATENCY_MS ?? 0);
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  const reference = `GK${createHash('sha256').update(t.key).digest('hex').slice(0, 20).toUpperCase()}`;
  await prisma.bankTransfer.createMany({
    data: [{ idempotencyKey: t.key, amount: t.amount, payee: t.payee, reference }],
    skipDuplicates: true,
  });
  const transfer = await prisma.bankTransfer.findUniqueOrThrow({ where: { idempotencyKey: t.key } });
  return { reference: transfer.reference };
}
