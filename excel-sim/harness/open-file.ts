// The ledger picker: the project's demo and sample ledgers in a <select>, and a file input for
// any .xlsx a person has. The dev server turns .xlsx into snapshots (scripts/harness-routes.js):
// the reader is the host's ExcelJS converter, which runs in Node only.
import type { WorkbookSnapshot } from '../host/snapshot.js';

export interface OpenedLedger {
  /** The sample's name (`demo-county/agriculture.xlsx`) or the picked file's. */
  name: string;
  snapshot: WorkbookSnapshot;
  /** What the converter could not carry over (gradient fills, other rule types…). */
  warnings: string[];
}

export interface PickerOptions {
  select: HTMLSelectElement;
  file: HTMLInputElement;
  onOpen: (ledger: OpenedLedger) => void;
  onError: (message: string) => void;
  /** Told when a file starts loading, for the status bar. */
  onBusy: (name: string) => void;
}

/** What each sample is, so a newcomer knows what to open (README of test/fixtures). */
const LABELS: Record<string, string> = {
  'agriculture.xlsx': '农业农村局',
  'culture-tourism.xlsx': '文化旅游广电体育局',
  'danko-town.xlsx': '丹口镇（重点关注）',
  'emergency.xlsx': '应急管理局',
  'forestry.xlsx': '林业局',
  'health.xlsx': '卫生健康局',
  'nanshan-town.xlsx': '南山镇',
  'nature-resources.xlsx': '自然资源局',
  'urban-management.xlsx': '城市管理和综合执法局',
  'xiyan-town.xlsx': '西岩镇（重点关注）',
  'unit-two-level-header.xlsx': '交通运输局：两级表头、合并单元格',
  'county-aggregate-5000.xlsx': '全县汇总：5000 项',
  'empty-ledger.xlsx': '只有表头的空台账',
  'with-instructions.xlsx': '含填表说明工作表',
  'no-ledger.xlsx': '误交的人员花名册（非台账）',
  'excel-table.xlsx': 'Excel 表格，含隐藏列',
  'rulin-town.xlsx': 'SPEC 样例：儒林镇',
  'maoping-town.xlsx': 'SPEC 样例：茅坪镇',
  'scj-market-regulation.xlsx': 'SPEC 样例：市场监督管理局',
};

/** The ledger opened first: a demo unit that has findings of both kinds. */
export const DEFAULT_SAMPLE = 'demo-county/agriculture.xlsx';
const LOCAL = 'local:';

async function answer(res: Response): Promise<OpenedLedger> {
  const body = (await res.json().catch(() => ({ error: `服务器回答 ${res.status}` }))) as OpenedLedger & { error?: string };
  if (!res.ok || body.error) throw new Error(body.error ?? `服务器回答 ${res.status}`);
  return body;
}

/** A demo or sample ledger by name, as a snapshot. */
export async function fetchSample(name: string): Promise<OpenedLedger> {
  return answer(await fetch(`harness/samples/${name}`));
}

/** Any .xlsx: its bytes go to the dev server, which answers the snapshot (or a 400 saying why). */
export async function convertFile(file: File): Promise<OpenedLedger> {
  const res = await fetch('harness/snapshot', { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } });
  return { ...(await answer(res)), name: file.name };
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

export interface Picker {
  /** The demo and sample ledgers the dev server offers. */
  names: string[];
  /** Opens a sample as if chosen in the list. */
  openSample: (name: string) => Promise<void>;
}

/**
 * Fills the picker and opens what is chosen.
 * @example const picker = await setupPicker({ select, file, onOpen: (l) => host.load(l.snapshot), onError, onBusy });
 */
export async function setupPicker(opts: PickerOptions): Promise<Picker> {
  const { select, file } = opts;
  const res = await fetch('harness/samples');
  if (!res.ok) throw new Error(`无法列出示例台账（${res.status}）`);
  const names = (await res.json()) as string[];
  const demo = document.createElement('optgroup');
  demo.label = '示范县（10 个单位）';
  const other = document.createElement('optgroup');
  other.label = '其他样例';
  for (const name of names) {
    const base = name.split('/').pop() ?? name;
    (name.startsWith('demo-county/') ? demo : other).append(option(name, `${LABELS[base] ?? base} · ${base}`));
  }
  select.replaceChildren(demo, other);

  // What is open, so a file that fails to open leaves the list showing it, not the failed one.
  let current = '';
  const open = async (name: string, load: () => Promise<OpenedLedger>): Promise<void> => {
    opts.onBusy(name);
    try {
      opts.onOpen(await load());
      current = select.value;
    } catch (error) {
      if (select.value !== current) {
        if (select.value.startsWith(LOCAL)) select.selectedOptions[0]?.remove();
        select.value = current;
      }
      opts.onError(error instanceof Error ? error.message : String(error));
    }
  };
  select.addEventListener('change', () => {
    if (!select.value.startsWith(LOCAL)) void open(select.value, () => fetchSample(select.value));
  });
  file.addEventListener('change', () => {
    const picked = file.files?.[0];
    if (!picked) return;
    // The picked file shows in the list as what is open, until a sample is chosen again.
    const value = LOCAL + picked.name;
    for (const o of select.querySelectorAll<HTMLOptionElement>(`option[value^="${LOCAL}"]`)) if (o.value !== current && o.value !== value) o.remove();
    if (![...select.options].some((o) => o.value === value)) select.prepend(option(value, `本地文件 · ${picked.name}`));
    select.value = value;
    void open(picked.name, () => convertFile(picked)).finally(() => (file.value = ''));
  });
  return {
    names,
    openSample: (name) => {
      select.value = name;
      return open(name, () => fetchSample(name));
    },
  };
}
