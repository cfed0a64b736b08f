/**
 * What the API and the worker share about workflows: names, ids, message definitions and
 * payload types. Imported by apps/api; contains no workflow logic.
 */
import { defineQuery } from '@temporalio/workflow';
import type { RoundStatus } from './rules/stages';

export const DEFAULT_TASK_QUEUE = 'psp-main';

export const roundWorkflowId = (roundId: string) => `round-${roundId}`;

export interface RoundWorkflowInput {
  roundId: string;
  regionCode: string;
  /** ISO 8601 instants; the workflow sleeps on its own clock until each. */
  opensAt: string;
  closesAt: string;
}

export interface RoundState {
  roundId: string;
  status: RoundStatus;
  opensAt: string;
  closesAt: string;
}

export const getRoundState = defineQuery<RoundState>('getRoundState');
