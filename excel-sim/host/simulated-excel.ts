// The simulated Excel as one object: workbook model, request engine, transport and recorder,
// with what tests and a harness page ask of it (snapshots, cell views, highlights, gaps, syncs).
import { parseAddress } from './address.js';
import { Engine, type EngineLimits } from './engine.js';
import type { HostGap, SyncSummary } from './recorder.js';
import { exportSnapshot, loadSnapshot, type WorkbookSnapshot } from './snapshot.js';
import { installTransport, type TransportLog, type TransportOptions } from './transport.js';
import { cellView, highlights, type CellView } from './cell-view.js';
import { WorkbookModel, type WorkbookOptions } from './workbook.js';

export interface SimulatedExcelOptions extends TransportOptions, WorkbookOptions {
  /** The workbook to open; a blank one with `Sheet1` when absent. */
  snapshot?: WorkbookSnapshot;
  /** Payload limits; Excel on the web's 5 MB each by default. */
  limits?: Partial<EngineLimits>;
}

export class SimulatedExcel {
  readonly engine: Engine;
  transport?: TransportLog;

  constructor(private readonly options: SimulatedExcelOptions = {}) {
    this.engine = new Engine(options.snapshot ? loadSnapshot(options.snapshot, options) : WorkbookModel.blank(options), options.limits, options.supported?.ExcelApi);
  }

  get workbook(): WorkbookModel {
    return this.engine.workbook;
  }

  /** Plays Excel for office.js in this window; call before office.js loads. */
  install(win: Window): this {
    this.transport = installTransport(win, this.engine, this.options);
    return this;
  }

  /**
   * A co-author: another Excel client (its own office.js in `win`) on this same workbook. Their
   * requests are served one at a time, in the order they arrive, as Excel on the web's
   * co-authoring service applies them to the one shared workbook.
   */
  attach(win: Window, client = 'co-author'): TransportLog {
    return installTransport(win, this.engine, { ...this.options, client });
  }

  /** Replaces the open workbook; references handed out before now fail with InvalidObjectPath. */
  load(snapshot: WorkbookSnapshot): void {
    this.engine.workbook = loadSnapshot(snapshot, this.options);
    this.engine.refs.clear();
  }

  /** The `n`th sync from now fails whole with `code` (nothing of it applied); see Engine.failSync. */
  failSync(n: number, code?: string, message?: string): void {
    this.engine.failSync(n, code, message);
  }

  /** A person typing in a cell: Excel refuses the add-in's requests meanwhile; see Engine.editCell. */
  editCell(address: string | null, syncs?: number): void {
    this.engine.editCell(address, syncs);
  }

  export(): WorkbookSnapshot {
    return exportSnapshot(this.workbook);
  }

  /** One cell as shown, e.g. `view('整改台账', 'C5').displayFill`. */
  view(sheetName: string, address: string): CellView {
    const sheet = this.workbook.sheetByName(sheetName);
    const a = parseAddress(address);
    if (!sheet || !a) throw new Error(`No cell ${sheetName}!${address}`);
    return cellView(this.workbook, sheet, a.rect.r0, a.rect.c0);
  }

  /** Cells whose conditional formats apply, with the fill and font colour they show. */
  highlights(sheetName?: string): CellView[] {
    const sheet = sheetName ? this.workbook.sheetByName(sheetName) : this.workbook.active;
    if (!sheet) throw new Error(`No sheet ${String(sheetName)}`);
    return highlights(this.workbook, sheet);
  }

  gaps(): HostGap[] {
    return [...this.engine.recorder.gaps];
  }

  summary(): SyncSummary {
    return this.engine.recorder.summary();
  }
}
