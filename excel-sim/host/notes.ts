// Notes (the classic yellow cell notes, ExcelApi 1.18): one per cell, kept on their sheet.
import type { SheetModel } from './sheet.js';

export interface NoteModel {
  sheet: SheetModel;
  row: number;
  col: number;
  content: string;
  authorName: string;
  /** Size of the note's box in points. */
  width: number;
  height: number;
  visible: boolean;
  deleted?: boolean;
}

/** Excel's default size of a new note, in points. */
export const NOTE_SIZE = { width: 144, height: 79 };
