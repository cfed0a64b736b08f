import { proxyActivities } from '@temporalio/workflow';
import { ROUND_ACTIVITY } from './activity-options';
import type { ReminderActivities } from '../activities/reminders.activities';

export { remindersAhead } from './rules/reminders';

/**
 * patched() id of the reminders before deadlines (截止提醒): runs started before them replay
 * without their timers and activities (see README, 安全修改工作流).
 */
export const DEADLINE_REMINDERS = 'deadline-reminders';

export const remind = proxyActivities<ReminderActivities>(ROUND_ACTIVITY);
