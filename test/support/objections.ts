import type { TestPlatform } from './app';

export interface ObjectionBody {
  applicationId: string;
  name: string;
  contact: string;
  reason: string;
}

/** The confirmation code the outbox holds for an objection (what the email or SMS would carry). */
export async function confirmationCode(p: TestPlatform, objectionId: string): Promise<string> {
  const m = await p.prisma.outboxMessage.findFirstOrThrow({ where: { entityType: 'Objection', entityId: objectionId } });
  const code = /\b(\d{6})\b/.exec(m.body)?.[1];
  if (!code) throw new Error(`no code in the outbox message for ${objectionId}`);
  return code;
}

/** Files an objection through the API and confirms it with the code from the outbox: it counts (FILED). */
export async function fileConfirmed(p: TestPlatform, roundId: string, body: ObjectionBody): Promise<string> {
  const filed = await p.http.post(`/api/public/notices/${roundId}/objections`).send(body).expect(201);
  const objectionId: string = filed.body.objectionId;
  await p.http
    .post(`/api/public/objections/${objectionId}/confirm`)
    .send({ code: await confirmationCode(p, objectionId) })
    .expect(200);
  return objectionId;
}
