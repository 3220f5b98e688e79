import { describe, expect, it } from 'vitest';
import { logRequest } from '../../addin/chase/log-form.js';
import { InterviewRequestSchema, NoticeRequestSchema } from '../../shared/schema/api.js';

const base = { unit: ' 丹口镇 ', kind: 'reminder', channel: 'phone', date: '2023-05-20', note: ' 王主任接听 ', people: '' };

describe('the pane’s log form (SPEC 12.4: date, channel, note)', () => {
  it('sends a notice with its channel, date and note, as the server’s schema takes it', () => {
    const req = logRequest(base);
    expect(req).toEqual({ to: 'notice', body: { unit: '丹口镇', kind: 'reminder', channel: 'phone', sentOn: '2023-05-20', note: '王主任接听' } });
    expect(NoticeRequestSchema.parse(req.body)).toMatchObject({ channel: 'phone', sentOn: '2023-05-20' });
  });

  it('leaves the date to the server when empty and defaults the channel to a document', () => {
    expect(logRequest({ ...base, kind: 'notice', channel: '', date: '', note: '' })).toEqual({ to: 'notice', body: { unit: '丹口镇', kind: 'notice', channel: 'document' } });
  });

  it('sends an interview with its date, people and note', () => {
    const req = logRequest({ ...base, kind: 'interview', people: '3' });
    expect(req).toEqual({ to: 'interview', body: { unit: '丹口镇', people: 3, heldOn: '2023-05-20', note: '王主任接听' } });
    expect(InterviewRequestSchema.parse(req.body)).toBeTruthy();
  });

  it('says in Chinese first what is wrong before any request', () => {
    expect(() => logRequest({ ...base, unit: ' ' })).toThrow(/^请填写单位/);
    expect(() => logRequest({ ...base, channel: 'fax' })).toThrow(/^未知的通知方式/);
    expect(() => logRequest({ ...base, date: '5月20日' })).toThrow(/^日期应写成/);
    expect(() => logRequest({ ...base, kind: 'interview', people: '0' })).toThrow(/^约谈人数/);
  });
});
