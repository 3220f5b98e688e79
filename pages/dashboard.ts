import type { ItemsResponse } from '../shared/schema/api.js';
import type { Bulletin } from '../worker/reports/bulletin.js';
import { el, figures, namedList, timelinessChart, unitTable } from './bulletin-view.js';
import { noStageText } from '../worker/reports/bulletin-text.js';
import { ApiFailure, apiJson, askToSignIn, download, session, signIn } from './session.js';

/**
 * The county dashboard (/dashboard): the bulletin's figures live (refreshed each minute), filtered
 * by unit and stage, with each unit's items and letters a click away. Filters live in the URL
 * (?asOf=&unit=&stage=), so a view can be bookmarked or printed as it is.
 */
const params = new URLSearchParams(location.search);
const asOfInput = document.getElementById('asOf') as HTMLInputElement;
const unitSelect = document.getElementById('unit') as HTMLSelectElement;
const stageSelect = document.getElementById('stage') as HTMLSelectElement;
const view = document.getElementById('view')!;
const stale = document.getElementById('stale')!;
const calendarNote = document.getElementById('calendar-note')!;
const itemsBox = document.getElementById('items')!;
asOfInput.value = params.get('asOf') ?? '';
let timer: number | undefined;
let last: Bulletin | undefined;
/** When the figures shown were read (a failed refresh keeps them, saying since when). */
let shownAt = '';

const TIMELINESS_ZH: Record<string, string> = {
  overdue: '逾期', due_soon: '临期', on_track: '正常推进', done_on_time: '按期完成', done_late: '逾期完成', done: '已完成', ongoing: '长期坚持', unknown: '时限不明',
};
const REVIEW_ZH: Record<string, string> = { pending: '待会诊', assigned: '已交办', returned: '退回完善', revised: '已修改待复核', closed_out: '已销号', reopened: '回头看重新打开' };

/** The date chosen in the 截至 box; '' while it shows the county's today (the page then follows it day to day). */
function chosenAsOf(): string {
  return asOfInput.value && asOfInput.value !== asOfInput.dataset.today ? asOfInput.value : '';
}

function syncUrl(): void {
  const q = new URLSearchParams();
  if (chosenAsOf()) q.set('asOf', chosenAsOf());
  if (unitSelect.value) q.set('unit', unitSelect.value);
  if (stageSelect.value) q.set('stage', stageSelect.value);
  // Not q.size: URLSearchParams has it from Chrome 113 only (the pages run on Chromium 86 cores).
  const query = q.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

function fillSelect(select: HTMLSelectElement, all: string, options: [string, string][], chosen: string | null): void {
  const keep = select.value || chosen || '';
  select.replaceChildren(el('option', { value: '' }, all), ...options.map(([v, t]) => el('option', { value: v }, t)));
  select.value = options.some(([v]) => v === keep) ? keep : '';
}

async function refresh(): Promise<void> {
  const asOf = chosenAsOf();
  // The unit chosen (at the first refresh, the URL's) is known before the bulletin: its items are
  // asked for beside it, not after its answer (a round trip less on the county's line). Without
  // asOf both read the county's today.
  const wanted = unitSelect.value || params.get('unit') || undefined;
  const itemsRead = wanted ? readItems(wanted, asOf) : undefined;
  itemsRead?.catch(() => undefined);
  let b: Bulletin;
  try {
    b = await apiJson<Bulletin>(`/api/v1/reports/bulletin${asOf ? `?asOf=${asOf}` : ''}`);
  } catch (err) {
    // The token no longer answers (revoked, expired): sign in again, no retrying every minute.
    if (err instanceof ApiFailure && err.status === 401) {
      clearInterval(timer);
      askToSignIn(document.getElementById('signin') as HTMLFormElement, (err as Error).message);
      return;
    }
    // A refresh lost on the county's line: the figures already shown stay, saying since when (the
    // next minute tries again); only a first read shows the failure in their place.
    if (last) {
      stale.textContent = `刷新失败：${(err as Error).message}。下面是 ${shownAt} 读到的情况，每分钟自动重试。`;
      stale.hidden = false;
    } else view.replaceChildren(el('p', { class: 'error' }, `无法读取全县情况：${(err as Error).message}`));
    return;
  }
  last = b;
  stale.hidden = true;
  // No date chosen: the box shows the county's today, which the figures are as of (it was empty).
  if (!asOf) {
    asOfInput.value = b.asOf;
    asOfInput.dataset.today = b.asOf;
  }
  // Working days counted through a year the holiday calendar lacks: said before any is counted.
  const gaps = b.calendarGaps ?? [];
  calendarNote.hidden = !gaps.length;
  calendarNote.textContent = gaps.length
    ? `注意：${gaps.join('、')}年的法定节假日和调休安排尚未收录，“个工作日内”的时限和会诊期限按周一至周五计算。国务院公布安排后，请管理员写入检查方案的 holidays 设置。`
    : '';
  shownAt = new Date().toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });
  fillSelect(unitSelect, '全部单位', b.units.map((u) => [u.unit, u.unit]), params.get('unit'));
  fillSelect(stageSelect, '全部阶段', b.stages.map((s) => [s.id, `${s.name}（${s.from}至${s.to}）`]), params.get('stage'));
  const unit = unitSelect.value || undefined;
  const stage = b.stages.find((s) => s.id === stageSelect.value);
  const canvas = el('canvas', { id: 'chart' });
  const enc = encodeURIComponent;
  const actions = (u: string) => el('span', {},
    // 事项 chooses the unit (the filter, the URL): its items stay through the minute's refresh.
    link('事项', () => void chooseUnit(u)),
    link('催办函', () => void fetched('催办函', download(`/api/v1/reminders/${enc(u)}/letter.docx?asOf=${b.asOf}&kind=reminder`, 'letter.docx')), `letter-${u}`),
    link('工作提示', () => void fetched('工作提示', download(`/api/v1/reminders/${enc(u)}/letter.docx?asOf=${b.asOf}&kind=notice`, 'notice.docx'))));
  view.replaceChildren(
    el('p', { class: 'stage', 'data-testid': 'stage' }, `截至 ${b.asOf}\u3000`, b.stage ? `当前阶段：${b.stage.name}` : noStageText(b),
      stage ? `\u3000筛选阶段：${stage.name}${stage.from > b.asOf ? '（尚未开始）' : ''}：报送${stage.submissions}次，会诊决定${stage.decisions}项，销号${stage.closeOuts}项，工作提示和催办${stage.notices}次，约谈${stage.interviews}次` : '',
      // The filter bar is not printed: the page says which unit its table and chart show.
      unit ? `\u3000单位：${unit}（上方数字为全县合计）` : ''),
    figures(b),
    el('div', { class: 'chart' }, canvas),
    unitTable(b, unit, actions),
    el('h2', {}, '需要点名通报的单位'), namedList(b),
    el('p', { class: 'no-print' }, el('a', { href: `/reports/bulletin?asOf=${b.asOf}` }, '打开可打印的通报'), '\u3000', link('下载通报（Word）', () => void fetched('通报', download(`/api/v1/reports/bulletin.docx?asOf=${b.asOf}`, 'bulletin.docx')))),
  );
  timelinessChart(canvas, b, unit);
  if (unit) await showItems(unit, b.asOf, unit === wanted ? itemsRead : undefined);
  else itemsBox.replaceChildren();
  document.body.dataset.ready = String(Date.now());
}

/** Chooses a unit as the filter does, and brings its items into view. */
async function chooseUnit(unit: string): Promise<void> {
  unitSelect.value = unit;
  syncUrl();
  await refresh();
  itemsBox.scrollIntoView({ block: 'start' });
}

/** A download that fails says so (in the banner), where it failed without a word. */
async function fetched(what: string, done: Promise<void>): Promise<void> {
  try {
    await done;
  } catch (err) {
    stale.textContent = `${what}下载失败：${(err as Error).message}。请稍后重试。`;
    stale.hidden = false;
  }
}

function link(text: string, onClick: () => void, id?: string): HTMLAnchorElement {
  const a = el('a', { href: '#', ...(id ? { 'data-testid': id } : {}) }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    onClick();
  });
  return a;
}

/** A unit's items (one page of 500) as of `asOf` ('' for the county's today). */
function readItems(unit: string, asOf: string): Promise<ItemsResponse> {
  return apiJson<ItemsResponse>(`/api/v1/items?unit=${encodeURIComponent(unit)}${asOf ? `&asOf=${asOf}` : ''}&limit=500`);
}

/** Lists a unit's items; `read`, when they are being read already (refresh). */
async function showItems(unit: string, asOf: string, read?: Promise<ItemsResponse>): Promise<void> {
  const r = await (read ?? readItems(unit, asOf));
  itemsBox.replaceChildren(
    // A unit past one page (500) says so: the table is not all its items.
    el('h2', {}, r.total > r.items.length ? `${unit}的整改事项（共 ${r.total} 项，列出前 ${r.items.length} 项）` : `${unit}的整改事项（${r.total}项）`),
    el('table', { class: 'items', 'data-testid': 'items' },
      el('thead', {}, el('tr', {}, ...['事项编号', '问题描述', '整改时限', '时效', '会诊状态'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...r.items.map((it) => el('tr', {},
        el('td', {}, it.key), el('td', {}, it.fields.description ?? ''), el('td', {}, it.deadline.due ?? it.deadline.text ?? ''),
        el('td', {}, TIMELINESS_ZH[it.timeliness.state] ?? it.timeliness.state), el('td', {}, REVIEW_ZH[it.review.state] ?? it.review.state))))),
  );
}

// Choosing a stage that has ended shows the county as it stood at the stage's end.
stageSelect.addEventListener('change', () => {
  const stage = last?.stages.find((s) => s.id === stageSelect.value);
  if (stage && stage.to < (chosenAsOf() || last!.asOf)) asOfInput.value = stage.to;
});
for (const control of [asOfInput, unitSelect, stageSelect]) {
  control.addEventListener('change', () => {
    syncUrl();
    void refresh();
  });
}
document.getElementById('print')!.addEventListener('click', () => print());
document.getElementById('signout')!.addEventListener('click', () => {
  session.clear();
  location.reload();
});
signIn(document.getElementById('signin') as HTMLFormElement, () => {
  void refresh();
  clearInterval(timer);
  timer = window.setInterval(() => void refresh(), 60_000);
});
