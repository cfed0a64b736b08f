import { ActivityFailure, ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { DecisionRefusal } from './messages';

const REFUSALS: readonly string[] = Object.values(DecisionRefusal);

/**
 * How every workflow takes decisions. A decision is checked twice: by the update's validator,
 * so that a refused decision never enters the history, and again once it has its turn, because
 * a decision that waited behind another may find the case moved on (the second of two reviewers
 * deciding at once is told it has been decided, never to try again later). Decisions of one
 * workflow take turns in arrival order; none is ever refused because another is running.
 *
 * An activity may refuse a decision on what only the database knows (a ranking, a lock): a
 * non-retryable ApplicationFailure of a DecisionRefusal type thrown by the activity reaches the
 * caller as that refusal, with the activity's transaction rolled back.
 */
export class DecisionGate {
  private readonly turn = new Mutex();
  private pending = 0;

  /** Registers an update whose `check` validates it and whose `effect` runs in turn. */
  on<Ret, Args extends [unknown]>(
    update: UpdateDefinition<Ret, Args>,
    check: (...args: Args) => void,
    effect: (...args: Args) => Promise<Ret>,
  ): void {
    setHandler(
      update,
      (...args: Args) =>
        this.decide(
          () => check(...args),
          () => effect(...args),
        ),
      { validator: check },
    );
  }

  /**
   * `on` for the updates of a case that exists only once `current()` answers it (a run built by
   * its first decision): until then the validator lets an update through, and its check runs
   * against the case when its turn comes, after that first decision.
   */
  onCase<C>(current: () => C | undefined) {
    return <Ret, Arg>(
      update: UpdateDefinition<Ret, [Arg]>,
      check: (c: C, u: Arg) => void,
      effect: (c: C, u: Arg) => Promise<Ret>,
    ): void => {
      this.on(
        update,
        (u) => {
          const c = current();
          if (c !== undefined) check(c, u);
        },
        (u) => effect(current()!, u),
      );
    };
  }

  /** Runs `effect` after every earlier decision has finished, if `check` still passes then. */
  async decide<T>(check: () => void, effect: () => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await this.turn.runExclusive(async () => {
        check();
        try {
          return await effect();
        } catch (e) {
          throw refusalOf(e) ?? e;
        }
      });
    } finally {
      this.pending--;
    }
  }

  /** True while no decision is running or waiting: the moment a phase may end. */
  idle(): boolean {
    return this.pending === 0;
  }
}

/** The domain refusal an activity raised, unwrapped from its ActivityFailure, if any. */
export function refusalOf(e: unknown): ApplicationFailure | undefined {
  const cause = e instanceof ActivityFailure ? e.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type && REFUSALS.includes(cause.type) ? cause : undefined;
}
