import type { InterviewRequest, NoticeRequest } from '../../shared/schema/api.js';
import { ChannelSchema, type Channel } from '../../shared/schema/chase.js';

/** What the pane's log form holds (SPEC 12.4: notices carry date, channel and note). */
export interface LogFields {
  unit: string;
  kind: string;
  channel: string;
  /** YYYY-MM-DD, or empty for the county's today. */
  date: string;
  note: string;
  people: string;
}

export type LogRequest = { to: 'notice'; body: NoticeRequest } | { to: 'interview'; body: InterviewRequest };

/**
 * The request the log form makes: a notice (工作提示/催办) with its channel, date and note, or an
 * interview (约谈) with its date, people and note. Chinese-first errors for what the server would
 * refuse anyway, so the clerk sees them before a round trip.
 * @example logRequest({ unit: '丹口镇', kind: 'reminder', channel: 'phone', date: '2023-05-20', note: '', people: '' })
 */
export function logRequest(f: LogFields): LogRequest {
  const unit = f.unit.trim();
  if (!unit) throw new Error('请填写单位 (unit is required)');
  const date = f.date.trim();
  if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('日期应写成 2023-05-20 (date must be YYYY-MM-DD)');
  const note = f.note.trim();
  if (f.kind === 'interview') {
    const people = Number(f.people || 1);
    if (!Number.isInteger(people) || people < 1) throw new Error('约谈人数应为正整数 (people must be a positive whole number)');
    return { to: 'interview', body: { unit, people, ...(date ? { heldOn: date } : {}), ...(note ? { note } : {}) } };
  }
  if (f.kind !== 'notice' && f.kind !== 'reminder') throw new Error(`未知的记录类型：${f.kind}`);
  const channel = ChannelSchema.safeParse(f.channel || 'document');
  if (!channel.success) throw new Error(`未知的通知方式：${f.channel}`);
  return { to: 'notice', body: { unit, kind: f.kind, channel: channel.data as Channel, ...(date ? { sentOn: date } : {}), ...(note ? { note } : {}) } };
}

/** Reads the form's fields from the pane (missing optional fields read as empty). */
export function readLogForm(byId: (id: string) => HTMLElement | null): LogFields {
  const value = (id: string) => (byId(id) as HTMLInputElement | null)?.value ?? '';
  return { unit: value('logUnit'), kind: value('logKind'), channel: value('logChannel'), date: value('logDate'), note: value('logNote'), people: value('logPeople') };
}
