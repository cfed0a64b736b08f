import { describeFailure, isConnectionFailure, mailText, messageIdFor, retryDelayMs } from './mail-rules';

describe('retryDelayMs', () => {
  it('waits the base after the first failure and doubles after each further one', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it('never waits longer than the maximum, however many attempts failed', () => {
    expect(retryDelayMs(8, 30_000, 3_600_000)).toBe(3_600_000);
    expect(retryDelayMs(10_000, 30_000, 3_600_000)).toBe(3_600_000);
  });
});

describe('describeFailure', () => {
  it("keeps nodemailer's code, the SMTP reply code and the reply on one line", () => {
    const e = Object.assign(new Error('Message failed'), {
      code: 'EMESSAGE',
      responseCode: 550,
      response: '550 5.1.1 mailbox\r\n unavailable',
    });
    expect(describeFailure(e)).toBe('EMESSAGE 550 550 5.1.1 mailbox unavailable');
  });

  it('falls back to the message and cuts a long text at 500 characters', () => {
    expect(describeFailure(new Error('connect ECONNREFUSED 127.0.0.1:1025'))).toBe('connect ECONNREFUSED 127.0.0.1:1025');
    expect(describeFailure(new Error('x'.repeat(2000)))).toHaveLength(500);
    expect(describeFailure('plain')).toBe('plain');
  });
});

describe('isConnectionFailure', () => {
  it('tells a server that cannot be reached or spoken to from a refused message', () => {
    expect(isConnectionFailure({ code: 'ECONNECTION' })).toBe(true);
    expect(isConnectionFailure({ code: 'EAUTH' })).toBe(true);
    expect(isConnectionFailure({ code: 'EENVELOPE' })).toBe(false);
    expect(isConnectionFailure(new Error('no code'))).toBe(false);
  });
});

describe('messageIdFor', () => {
  it("names the outbox row, at the sender's domain, with or without a display name", () => {
    expect(messageIdFor('abc', '平台 Platform <no-reply@mail.example.cn>')).toBe('<outbox-abc@mail.example.cn>');
    expect(messageIdFor('abc', 'no-reply@example.cn')).toBe('<outbox-abc@example.cn>');
    // A notification's email is named after the notification.
    expect(messageIdFor('abc', 'no-reply@example.cn', { entityType: 'Notification', entityId: 'n1' })).toBe('<notification-n1@example.cn>');
    expect(messageIdFor('abc', 'no-reply@example.cn', { entityType: 'Objection', entityId: 'o1' })).toBe('<outbox-abc@example.cn>');
  });
});

describe('mailText', () => {
  it('keeps the body and adds a signature that says, in Chinese first, not to reply', () => {
    const text = mailText('您的异议确认码为 123456。\n\n');
    expect(text.startsWith('您的异议确认码为 123456。\n\n-- \n此邮件')).toBe(true);
    expect(text.indexOf('请勿直接回复')).toBeLessThan(text.indexOf('please do not reply'));
  });
});
