import { remindersAhead } from './reminders';

describe('remindersAhead', () => {
  const deadline = '2027-03-31T16:00:00.000Z';
  const end = Date.parse(deadline);
  const DAY = 86_400_000;

  it('gives each lead still ahead, soonest first, with its lead', () => {
    expect(remindersAhead(deadline, [DAY, 3 * DAY], end - 5 * DAY)).toEqual([
      { at: new Date(end - 3 * DAY).toISOString(), leadMs: 3 * DAY },
      { at: new Date(end - DAY).toISOString(), leadMs: DAY },
    ]);
  });

  it('leaves out a lead whose moment has come or passed, and everything after the deadline', () => {
    expect(remindersAhead(deadline, [3 * DAY, DAY], end - 2 * DAY)).toEqual([{ at: new Date(end - DAY).toISOString(), leadMs: DAY }]);
    expect(remindersAhead(deadline, [3 * DAY, DAY], end - DAY)).toEqual([]);
    expect(remindersAhead(deadline, [3 * DAY, DAY], end + 1)).toEqual([]);
  });

  it('has nothing for no leads or a deadline that is not an instant', () => {
    expect(remindersAhead(deadline, [], end - 5 * DAY)).toEqual([]);
    expect(remindersAhead('not a date', [DAY], 0)).toEqual([]);
  });
});
