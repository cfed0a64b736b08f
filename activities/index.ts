import type { PrismaClient } from '../prisma/client';
import { createImplementationActivities } from './implementation.activities';
import { createPanelActivities } from './panel.activities';
import { createProjectActivities } from './projects.activities';
import { createRoundActivities } from './rounds.activities';

export interface ActivityDeps {
  prisma: PrismaClient;
}

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRoundActivities(deps),
    ...createPanelActivities(deps),
    ...createProjectActivities(deps),
    ...createImplementationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
