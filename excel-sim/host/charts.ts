// Charts, modelled simply: type, source data, title and position. Nothing is drawn.
import type { Rect } from './address.js';
import type { SheetModel } from './sheet.js';

export interface ChartModel {
  id: string;
  name: string;
  chartType: string;
  sheet: SheetModel;
  source: Rect;
  seriesBy: string;
  title: { text: string; visible: boolean };
  /** Position and size in points. */
  top: number;
  left: number;
  width: number;
  height: number;
  deleted?: boolean;
}

/** Excel's default size of a new chart (5 × 3 inches), in points. */
export const CHART_SIZE = { width: 360, height: 216 };
