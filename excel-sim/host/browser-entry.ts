// Browser bundle entry: `SimulatedExcel.install(options)` before office.js loads makes the page
// an Excel host; the instance stays on `window.excelHost` for tests and the harness page.
import { diffSnapshots } from './snapshot.js';
import { summarize } from './recorder.js';
import { SimulatedExcel, type SimulatedExcelOptions } from './simulated-excel.js';

declare global {
  interface Window {
    excelHost?: SimulatedExcel;
    SimulatedExcel?: typeof api;
  }
}

const api = {
  install(options: SimulatedExcelOptions = {}): SimulatedExcel {
    const host = new SimulatedExcel(options).install(window);
    window.excelHost = host;
    return host;
  },
  diffSnapshots,
  summarize,
};

window.SimulatedExcel = api;
