// The simulated Excel host, for Node-side use (snapshots, the model, the engine without a page).
export { SimulatedExcel, type SimulatedExcelOptions } from './simulated-excel.js';
export { Engine, EXCEL_WEB_LIMITS, HOST_ERROR, byteLength, type EngineLimits } from './engine.js';
export { Recorder, summarize, type HostGap, type RequestRecord, type SyncSummary } from './recorder.js';
export { WorkbookModel, type WorkbookOptions } from './workbook.js';
export { cellView, highlights, type CellView } from './cell-view.js';
export { diffSnapshots, exportSnapshot, loadSnapshot, type WorkbookSnapshot, type SheetSnapshot, type CellSnapshot } from './snapshot.js';
export { xlsxToSnapshot } from './xlsx-snapshot.js';
export { installTransport, type SupportedSets, type TransportOptions } from './transport.js';
