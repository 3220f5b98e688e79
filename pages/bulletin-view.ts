import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, Tooltip } from 'chart.js';
import type { Bulletin } from '../worker/reports/bulletin.js';
import { unitAxisLabels } from '../shared/unit-labels.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title, Tooltip);

/** The printed chart's box (pages.css: A4 less 15 mm margins each side, .chart 80 mm high), in CSS pixels. */
const PRINT_BOX = [Math.round((180 * 96) / 25.4), Math.round((80 * 96) / 25.4)] as const;
let watchingPrint = false;

/**
 * Chart.js draws for the box the canvas had on screen, and a page is laid out for printing with
 * no frame between in which its ResizeObserver could redraw it: the screen's drawing came out
 * squeezed and stretched, labels too. As Chart.js's documentation says, the charts are redrawn
 * at beforeprint for the printed box (pages.css), when print styles apply for the box they give,
 * and for the screen again after.
 */
function redrawForPrint(): void {
  if (watchingPrint) return;
  watchingPrint = true;
  const charts = () => Object.values(Chart.instances);
  const printing = matchMedia('print');
  printing.addEventListener('change', () => charts().forEach((c) => c.resize()));
  addEventListener('beforeprint', () => charts().forEach((c) => c.resize(...PRINT_BOX)));
  addEventListener('afterprint', () => charts().forEach((c) => c.resize()));
}

const percent = (r: number) => `${(r * 100).toFixed(1)}%`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
export { el };

/** The headline figures as cards. */
export function figures(b: Bulletin): HTMLElement {
  const h = b.headline;
  const cards: [string, string | number][] = [
    ['单位', h.units], ['已报送', h.submitted], ['整改事项', h.items], ['销号率', percent(h.closeOutRate)], ['逾期事项', h.overdue],
    ['工作提示', h.workNotices], ['催办', h.reminders], ['约谈', `${h.interviews}次/${h.peopleInterviewed}人`], ['重点关注', h.keyAttention],
  ];
  return el('div', { class: 'figures', 'data-testid': 'figures' }, ...cards.map(([k, v]) => el('div', { class: 'figure', 'data-figure': k }, el('b', {}, String(v)), el('span', {}, k))));
}

/** The per-unit table; `actions` adds a cell of links per unit (the dashboard's). */
export function unitTable(b: Bulletin, only?: string, actions?: (unit: string) => Node): HTMLTableElement {
  const head = ['单位', '报送', '事项', '销号', '销号率', '逾期', '工作提示', '催办', '重点关注及原因', ...(actions ? ['操作'] : [])];
  const rows = b.units.filter((u) => !only || u.unit === only).map((u) =>
    el('tr', { class: u.keyAttention ? 'attention' : '', 'data-unit': u.unit },
      el('td', {}, u.unit), el('td', { class: 'short' }, u.submissionText), el('td', { class: 'n' }, String(u.items)), el('td', { class: 'n' }, String(u.closedOut)),
      el('td', { class: 'n' }, percent(u.closeOutRate)), el('td', { class: 'n' }, String(u.overdue)), el('td', { class: 'n' }, String(u.workNotices)),
      el('td', { class: 'n' }, String(u.reminders)), el('td', {}, u.keyAttention ? `重点关注：${u.reasons.join('；')}` : ''),
      ...(actions ? [el('td', { class: 'actions no-print' }, actions(u.unit))] : [])));
  // The 操作 column is the screen's: its header goes with its cells when printed.
  return el('table', { class: 'units', 'data-testid': 'units' }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', h === '操作' ? { class: 'no-print' } : {}, h)))), el('tbody', {}, ...rows));
}

export function roundsTable(b: Bulletin): HTMLElement {
  if (!b.rounds.length) return el('p', {}, '截至通报日尚未组织会诊。');
  return el('table', { class: 'rounds' },
    el('thead', {}, el('tr', {}, ...['轮次', '会诊日期', '会诊事项', '交办', '退回完善', '销号'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...b.rounds.map((r) => el('tr', {}, ...[r.title, r.heldOn, r.decided, r.assigned, r.returned, r.closedOut].map((v) => el('td', {}, String(v)))))));
}

export function namedList(b: Bulletin): HTMLElement {
  if (!b.named.length) return el('p', {}, '没有需要点名通报的单位。');
  return el('ol', { class: 'named', 'data-testid': 'named' }, ...b.named.map((n) => el('li', { 'data-unit': n.unit }, el('b', {}, n.unit), `：${n.reasons.join('；')}`)));
}

/** Items by unit and timeliness: chart.js stacked bars, sized for A4 when printed. */
export function timelinessChart(canvas: HTMLCanvasElement, b: Bulletin, only?: string): Chart {
  const keep = b.chart.units.map((u, i) => [u, i] as const).filter(([u]) => !only || u === only);
  const full = keep.map(([u]) => u);
  Chart.getChart(canvas)?.destroy();
  redrawForPrint();
  return new Chart(canvas, {
    type: 'bar',
    data: {
      // The county's own name dropped on the axis (unitAxisLabels); the tooltip names the unit whole.
      labels: unitAxisLabels(full),
      datasets: b.chart.series.map((s) => ({ label: s.name, data: keep.map(([, i]) => s.values[i] ?? 0), backgroundColor: `#${s.color}` })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        title: { display: true, text: '各单位整改事项时效情况' },
        legend: { position: 'bottom' },
        tooltip: { callbacks: { title: (items) => full[items[0]?.dataIndex ?? 0] ?? '' } },
      },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
