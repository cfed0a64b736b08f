/** 截止提醒: when the reminders before a deadline are due. */

/** Each lead's moment before `deadline` that is still ahead, soonest first, with its lead. */
export function remindersAhead(deadline: string, leadsMs: number[], now: number): { at: string; leadMs: number }[] {
  const end = Date.parse(deadline);
  if (!Number.isFinite(end)) return [];
  return leadsMs
    .map((leadMs) => ({ at: end - leadMs, leadMs }))
    .filter((r) => r.at > now)
    .sort((a, b) => a.at - b.at)
    .map((r) => ({ at: new Date(r.at).toISOString(), leadMs: r.leadMs }));
}
