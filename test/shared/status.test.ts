import { describe, expect, it } from 'vitest';
import { readClosedOut, readStatus } from '../../shared/index.js';

describe('status words of SPEC section 4', () => {
  it.each(['未整改', '未开始', '尚未整改'])('%s is not started', (w) => {
    expect(readStatus(w)).toEqual({ status: 'not_started', closed: false });
  });

  it.each(['整改中', '正在整改', '正在推进', '推进中', '持续整改', '部分完成', '未完成', '否'])('%s is in progress', (w) => {
    expect(readStatus(w)).toEqual({ status: 'in_progress', closed: false });
  });

  it.each(['已完成', '完成', '已整改', '已整改到位', '是', '√'])('%s is completed', (w) => {
    expect(readStatus(w)).toEqual({ status: 'completed', closed: false });
  });

  it('已销号 in the status column is completed and closed out', () => {
    expect(readStatus('已销号')).toEqual({ status: 'completed', closed: true });
  });

  it('matches a text that contains a listed word, and a negation wins', () => {
    expect(readStatus('已完成整改')?.status).toBe('completed');
    expect(readStatus('整改已完成')?.status).toBe('completed');
    expect(readStatus('尚未完成')?.status).toBe('in_progress');
    expect(readStatus('未完成整改')?.status).toBe('in_progress');
    expect(readStatus(' 已 完 成 。')?.status).toBe('completed');
  });

  it('an empty status is no reading at all, and an unknown word is unknown', () => {
    expect(readStatus('')).toBeNull();
    expect(readStatus('  ')).toBeNull();
    expect(readStatus('待定')).toEqual({ status: 'unknown', closed: false });
    // 是 only counts on its own, not inside a sentence.
    expect(readStatus('是否需要')?.status).toBe('unknown');
  });

  it('reads a closedOut column: 已销号, 是 and √ close an item; 否, 未销号 and blanks do not', () => {
    for (const w of ['已销号', '是', '√']) expect(readClosedOut(w)).toBe(true);
    for (const w of ['', '否', '未销号', '待销号审核中']) expect(readClosedOut(w)).toBe(false);
  });
});
