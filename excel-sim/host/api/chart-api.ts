// Excel.ChartCollection, Chart and ChartTitle, modelled simply (type, data, title, position).
import { CHART_SIZE, type ChartModel } from '../charts.js';
import { invalidArgument, itemNotFound } from '../errors.js';
import type { SheetModel } from '../sheet.js';
import { rangeArg } from './range-api.js';
import { WORKSHEET } from './worksheet-api.js';
import { define, int, ref, str, type ApiCtx, type ApiClass } from './types.js';

function offsetOf(sheet: SheetModel, kind: 'columns' | 'rows', index: number, dflt: number): number {
  let total = index * dflt;
  for (const [i, p] of sheet[kind]) if (i < index && p.size !== undefined) total += p.size - dflt;
  return total;
}

function byName(sheet: SheetModel, name: unknown): ChartModel {
  const c = sheet.charts.find((x) => x.name === name || x.id === name);
  if (!c) throw itemNotFound(`The chart "${String(name)}" does not exist.`);
  return c;
}

function num(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(`${name} must be a non-negative number.`);
  return v;
}

export const CHART_COLLECTION: ApiClass<SheetModel> = define<SheetModel>({
  name: 'ChartCollection',
  props: { Count: { get: (s) => s.charts.length } },
  items: (s) => s.charts.map((c) => ref(CHART, c)),
  indexer: (s, [name]) => ref(CHART, byName(s, name)),
  methods: {
    Add: (s, [type, source, seriesBy], ctx) => {
      const src = rangeArg(source, ctx, s);
      const n = ctx.wb.nextId('chart');
      const prefix = ctx.wb.options.locale === 'zh-CN' ? '图表' : 'Chart';
      let k = s.charts.length + 1;
      while (s.charts.some((c) => c.name === `${prefix} ${k}`)) k++;
      const chart: ChartModel = { id: `{CH-${n}}`, name: `${prefix} ${k}`, chartType: str(type, 'type'), sheet: s, source: src.rect, seriesBy: typeof seriesBy === 'string' ? seriesBy : 'Auto', title: { text: '', visible: false }, top: 0, left: 0, ...CHART_SIZE };
      s.charts.push(chart);
      return ref(CHART, chart);
    },
    GetItem: (s, [name]) => ref(CHART, byName(s, name)),
    GetItemOrNullObject: (s, [name]) => ref(CHART, s.charts.find((x) => x.name === name || x.id === name) ?? null),
    GetItemAt: (s, [i]) => {
      const c = s.charts[int(i, 'index')];
      if (!c) throw invalidArgument('The index is out of range.');
      return ref(CHART, c);
    },
    GetCount: (s) => s.charts.length,
  },
});

const size = (key: 'top' | 'left' | 'width' | 'height') => ({
  get: (c: ChartModel) => c[key],
  set: (c: ChartModel, v: unknown) => {
    c[key] = num(v, key);
  },
});

function setPosition(c: ChartModel, start: unknown, end: unknown, ctx: ApiCtx): void {
  const o = ctx.wb.options;
  const a = rangeArg(start, ctx, c.sheet).rect;
  c.top = offsetOf(c.sheet, 'rows', a.r0, o.defaultRowHeight);
  c.left = offsetOf(c.sheet, 'columns', a.c0, o.defaultColumnWidth);
  if (end !== null && end !== undefined) {
    const b = rangeArg(end, ctx, c.sheet).rect;
    c.height = offsetOf(c.sheet, 'rows', b.r1 + 1, o.defaultRowHeight) - c.top;
    c.width = offsetOf(c.sheet, 'columns', b.c1 + 1, o.defaultColumnWidth) - c.left;
  }
}

export const CHART: ApiClass<ChartModel> = define<ChartModel>({
  name: 'Chart',
  key: (c) => c.name,
  alive: (c) => !c.deleted,
  props: {
    Name: {
      get: (c) => c.name,
      set: (c, v) => {
        c.name = str(v, 'name');
      },
    },
    Id: { get: (c) => c.id },
    ChartType: {
      get: (c) => c.chartType,
      set: (c, v) => {
        c.chartType = str(v, 'chartType');
      },
    },
    Top: size('top'),
    Left: size('left'),
    Width: size('width'),
    Height: size('height'),
  },
  navs: {
    Title: (c) => ref(CHART_TITLE, c),
    Worksheet: (c) => ref(WORKSHEET, c.sheet),
  },
  methods: {
    SetPosition: (c, [start, end], ctx) => setPosition(c, start, end, ctx),
    SetData: (c, [source, seriesBy], ctx) => {
      c.source = rangeArg(source, ctx, c.sheet).rect;
      if (typeof seriesBy === 'string') c.seriesBy = seriesBy;
    },
    Delete: (c) => {
      c.deleted = true;
      c.sheet.charts = c.sheet.charts.filter((x) => x !== c);
    },
  },
});

export const CHART_TITLE: ApiClass<ChartModel> = define<ChartModel>({
  name: 'ChartTitle',
  props: {
    Text: {
      get: (c) => c.title.text,
      set: (c, v) => {
        c.title.text = str(v, 'text');
        c.title.visible = true;
      },
    },
    Visible: {
      get: (c) => c.title.visible,
      set: (c, v) => {
        c.title.visible = v === true;
      },
    },
  },
});
