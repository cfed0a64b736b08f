import 'reflect-metadata';
import { UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import { DecisionRefusal } from '@workflows/messages';
import { eligibilityDecisionErrors } from '@workflows/rules';
import { EligibilityDecisionDto } from '../../applications/applications.dto';
import { Decisions } from '../../common/decisions';
import {
  ConflictError,
  DependencyUnavailableError,
  FieldError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  StaleVersionError,
  ValidationFailedError,
} from '../../common/errors';
import { createValidationPipe } from '../../common/validation';
import { ObjectionDto } from '../../notices/notices.dto';
import { ChangeDto } from '../../projects/projects.dto';
import { DeclineDto } from '../../reviews/reviews.dto';
import {
  checkForm,
  decide,
  dtoConstraint,
  endOfChinaDay,
  fieldBounds,
  FormPage,
  formErrors,
  postedFields,
  refusalBox,
  refusalOf,
  submitForm,
  validateDto,
} from '.';

// A translator that shows what it was asked for: the key and its arguments.
const t = (key: string, args?: Record<string, unknown>) => `${key}${args ? JSON.stringify(args) : ''}`;
const page = (lang: 'zh-CN' | 'en' = 'zh-CN'): FormPage => ({
  lang,
  t,
  errors: (found) => formErrors(found, (e) => ({ key: e.field, message: e.rule, anchor: `f-${e.field}` })),
});

describe('validateDto', () => {
  const change = {
    kind: 'REALLOCATION',
    reason: '调整活动经费',
    budgetLines: [
      { type: 'ACTIVITY', description: '活动', amount: '12.5' },
      { type: 'ACTIVITY', description: '物资', amount: 'abc' },
    ],
  };

  it("judges a form as the API's ValidationPipe judges the same JSON, nested rows named by their path", async () => {
    const checked = await validateDto(ChangeDto, change);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((e) => [e.field, e.rule])).toEqual([['budgetLines.1.amount', 'isMoney']]);
    const api = await createValidationPipe()
      .transform(change, { type: 'body', metatype: ChangeDto })
      .catch((e: unknown) => e);
    expect(api).toBeInstanceOf(ValidationFailedError);
    expect((api as ValidationFailedError).errors).toEqual(checked.errors);
  });

  it('refuses a field the DTO does not declare, as the API does, and passes a valid form on as the DTO', async () => {
    const extra = await validateDto(DeclineDto, { reason: '曾任该组织理事', note: 'x' });
    expect(!extra.ok && extra.errors.map((e) => [e.field, e.rule])).toEqual([['note', 'whitelistValidation']]);
    const valid = await validateDto(DeclineDto, { reason: '曾任该组织理事' });
    expect(valid.ok && valid.value).toBeInstanceOf(DeclineDto);
  });
});

describe('posted forms', () => {
  it('keep what was typed and take a blank optional field as not given, as the JSON API would', async () => {
    const { typed, given } = postedFields({ decision: 'PASS', reason: '  ', revisionDeadline: '', _csrf: 'token', extra: 'x' }, [
      'decision',
      'reason',
      'revisionDeadline',
    ]);
    expect(typed).toEqual({ decision: 'PASS', reason: '  ', revisionDeadline: '' });
    expect(given).toEqual({ decision: 'PASS' });
    expect((await validateDto(EligibilityDecisionDto, given)).ok).toBe(true);
  });

  it('read what is not a single text value as blank', () => {
    expect(postedFields({ name: ['a', 'b'], contact: 42 }, ['name', 'contact', 'reason']).typed).toEqual({
      name: '',
      contact: '',
      reason: '',
    });
    expect(postedFields(undefined, ['name']).typed).toEqual({ name: '' });
  });

  it('make a date input a deadline at the end of that day in China', () => {
    expect(endOfChinaDay('2027-03-31')).toBe('2027-03-31T23:59:59+08:00');
    expect(new Date(endOfChinaDay('2027-03-31') as string).toISOString()).toBe('2027-03-31T15:59:59.000Z');
    expect(endOfChinaDay('31/03/2027')).toBe('31/03/2027');
  });
});

describe('formErrors', () => {
  it('keeps the first problem of each field, in the order found, each linking to its input', () => {
    const errors: FieldError[] = [
      { field: 'reason', rule: 'minLength', message: '' },
      { field: 'name', rule: 'isString', message: '' },
      { field: 'reason', rule: 'maxLength', message: '' },
      { field: 'constructor', rule: 'odd', message: '' },
    ];
    const { byField, list } = page().errors(errors);
    expect(byField).toEqual({ reason: 'minLength', name: 'isString', constructor: 'odd' });
    expect(list).toEqual([
      { field: 'f-reason', message: 'minLength' },
      { field: 'f-name', message: 'isString' },
      { field: 'f-constructor', message: 'odd' },
    ]);
  });

  it('reads the bounds a DTO declares, for messages and hints', () => {
    expect(fieldBounds(ObjectionDto, 'reason')).toEqual({ min: 10, max: 5000 });
    expect(dtoConstraint(ObjectionDto, 'name', 'maxLength')).toBe(50);
    expect(dtoConstraint(ObjectionDto, 'name', 'isUuid')).toBeUndefined();
    expect(dtoConstraint(undefined, 'name', 'maxLength')).toBeUndefined();
  });
});

describe('refusalOf', () => {
  it("shows a decision refused for the stage or the person in the page's language", () => {
    expect(refusalOf(new InvalidTransitionError('公示期未满 / the notice period has not ended', 'NOTICE'), 'en', t)).toEqual({
      status: 409,
      message: 'the notice period has not ended',
      stage: 'Public notice',
    });
    expect(
      refusalOf(new ForbiddenError('申请人与审批人不能为同一人 / the officer who requested a release may not approve it'), 'zh-CN', t),
    ).toEqual({ status: 403, message: '申请人与审批人不能为同一人' });
    expect(refusalOf(new ConflictError('该专家已在评审组中 / already on the panel'), 'zh-CN', t)).toEqual({
      status: 409,
      message: '该专家已在评审组中',
    });
    expect(
      refusalOf(new UnauthorizedException({ code: 'UNAUTHENTICATED', message: '用户名或密码错误 / wrong username or password' }), 'en', t),
    ).toEqual({ status: 401, message: 'wrong username or password' });
  });

  it('never shows a Chinese-only message on an English page, and lets an area word a stale write and the stage', () => {
    expect(refusalOf(new InvalidTransitionError('轮次已发布', 'SOMEWHERE'), 'en', t)).toEqual({
      status: 409,
      message: 'web.errors.detail.409',
      stage: 'SOMEWHERE',
    });
    expect(refusalOf(new StaleVersionError('Round', 1, 2), 'en', t)).toEqual({ status: 409, message: 'stale version' });
    const wording = { stale: (e: StaleVersionError) => `stale:${e.actual}`, stage: (code: string) => `stage:${code}` };
    expect(refusalOf(new StaleVersionError('Round', 1, 2), 'zh-CN', t, wording)).toEqual({ status: 409, message: 'stale:2' });
    expect(refusalOf(new InvalidTransitionError('x', 'SUBMITTED'), 'zh-CN', t, wording)?.stage).toBe('stage:SUBMITTED');
  });

  it('leaves what is no refusal to the error page: not found, an outage, a bug', () => {
    for (const e of [
      new NotFoundError('Application', 'x'),
      new DependencyUnavailableError('流程引擎暂不可用 / Temporal is unavailable'),
      new Error('boom'),
      'text',
    ]) {
      expect(refusalOf(e, 'zh-CN', t)).toBeUndefined();
    }
  });
});

describe('decide and submitForm', () => {
  it("turn the workflow's refusals, as Decisions maps them, into what the page shows", async () => {
    const update = defineUpdate<void, [string]>('approveResults');
    const refusing = (failure: ApplicationFailure) => {
      const fail = () => Promise.reject(new WorkflowUpdateFailedError('Workflow Update failed', failure));
      const client = {
        connection: { withDeadline: (_: number, fn: () => Promise<unknown>) => fn() },
        workflow: { getHandle: () => ({ executeUpdate: fail }) },
      } as unknown as Client;
      return new Decisions(client, new ConfigService({ TEMPORAL_DECISION_TIMEOUT_MS: '1500', TEMPORAL_TASK_QUEUE: 'q' }));
    };
    const stage = refusing(
      ApplicationFailure.create({
        type: DecisionRefusal.INVALID_TRANSITION,
        message: '公示期未满 / the notice period has not ended',
        details: [{ currentStage: 'NOTICE' }],
        nonRetryable: true,
      }),
    );
    expect(await decide(page('en'), () => stage.send('round-1', update, ['x']))).toEqual({
      ok: false,
      status: 409,
      refusal: { status: 409, message: 'the notice period has not ended', stage: 'Public notice' },
    });
    const fields = refusing(
      ApplicationFailure.create({
        type: DecisionRefusal.VALIDATION,
        message: 'invalid',
        details: [{ errors: [{ field: 'reason', rule: 'required', message: '…' }] }],
        nonRetryable: true,
      }),
    );
    expect(await decide(page(), () => fields.send('round-1', update, ['x']))).toEqual({
      ok: false,
      status: 400,
      errors: { byField: { reason: 'required' }, list: [{ field: 'f-reason', message: 'required' }] },
    });
  });

  it("return the decision's value, and throw anything else on to the error page", async () => {
    expect(await decide(page(), () => Promise.resolve(7))).toEqual({ ok: true, value: 7 });
    await expect(decide(page(), () => Promise.reject(new NotFoundError('Application', 'x')))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('send nothing when the DTO refuses the form, and the DTO itself when it does not', async () => {
    const send = jest.fn((dto: DeclineDto) => Promise.resolve(dto.reason));
    const refused = await submitForm(page(), DeclineDto, { reason: '' }, send);
    expect(refused).toEqual({
      ok: false,
      status: 400,
      errors: { byField: { reason: 'minLength' }, list: [{ field: 'f-reason', message: 'minLength' }] },
    });
    expect(send).not.toHaveBeenCalled();
    expect(await submitForm(page(), DeclineDto, { reason: '曾任该组织理事' }, send)).toEqual({ ok: true, value: '曾任该组织理事' });
    expect(send.mock.calls[0][0]).toBeInstanceOf(DeclineDto);
  });

  it("name the DTO's problems and the decision rule's at once when the DTO refuses, and send nothing", async () => {
    const send = jest.fn(() => Promise.resolve('sent'));
    const rule = (input: object) => eligibilityDecisionErrors(input, Date.now());
    const refused = await submitForm(page(), EligibilityDecisionDto, { decision: 'RETURN', reason: 'x'.repeat(2001) }, send, rule);
    expect(!refused.ok && refused.errors?.list.map((e) => e.field)).toEqual(['f-reason', 'f-revisionDeadline']);
    expect(!refused.ok && refused.errors?.byField).toEqual({ reason: 'maxLength', revisionDeadline: 'required' });
    expect(send).not.toHaveBeenCalled();
    const checked = await checkForm(page(), EligibilityDecisionDto, { decision: 'RETURN' }, rule);
    expect(!checked.ok && checked.errors?.list.map((e) => e.field)).toEqual(['f-reason', 'f-revisionDeadline']);
    expect(await checkForm(page(), EligibilityDecisionDto, { decision: 'PASS' }, rule)).toMatchObject({ ok: true });
  });

  it('name the applications that block a step, linked where the area has a page for them, with the right status', () => {
    const error = new InvalidTransitionError('尚有 2 份申报未完成资格审查 / 2 applications await their eligibility decision', 'CLOSED', {
      applications: [{ id: 'a1', title: '长者助餐', stage: 'ELIGIBILITY_REVIEW' }],
      applicationCount: 2,
    });
    const wording = { stage: (code: string) => `round:${code}`, application: (id: string) => `/manage/projects/${id}` };
    expect(refusalOf(error, 'zh-CN', t, wording)).toEqual({
      status: 409,
      message: '尚有 2 份申报未完成资格审查',
      stage: 'round:CLOSED',
      applications: [{ title: '长者助餐', stage: '资格审查中', href: '/manage/projects/a1' }],
      moreApplications: 1,
    });
  });

  it('put everything a refused decision says in the refusal box of a page with no fields', () => {
    const refusal = { status: 403, message: '无权' };
    expect(refusalBox({ ok: false, status: 403, refusal })).toBe(refusal);
    expect(
      refusalBox({ ok: false, status: 400, errors: { byField: { amount: 'too much' }, list: [{ field: 'amount', message: 'too much' }] } }),
    ).toEqual({ status: 400, errors: ['too much'] });
  });
});
