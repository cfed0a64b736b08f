import { renderDocument } from './documents/renderer';
import type { DocumentKind } from './documents/renderer';
import type { Tx } from './support';

/** Renders a document and stores it with its hash, once per (activity key, kind). */
export async function storeDocument<K extends DocumentKind>(
  tx: Tx,
  key: string,
  kind: K,
  data: Parameters<typeof renderDocument<K>>[1],
  refs: { applicationId?: string; roundId?: string },
): Promise<{ id: string; version: number; sha256: string }> {
  const idempotencyKey = `${key}/${kind}`;
  const existing = await tx.document.findUnique({ where: { idempotencyKey } });
  if (existing) return existing;
  const rendered = renderDocument(kind, data);
  const previous = await tx.document.count({ where: { kind, applicationId: refs.applicationId ?? null, roundId: refs.roundId ?? null } });
  return tx.document.create({
    data: { kind, ...refs, version: previous + 1, title: rendered.title, html: rendered.html, sha256: rendered.sha256, idempotencyKey },
    select: { id: true, version: true, sha256: true },
  });
}
