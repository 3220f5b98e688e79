// Threaded comments (ExcelApi 1.10): one thread per cell, with replies. A cell cannot hold both a
// note and a comment, as in Excel.
import type { SheetModel } from './sheet.js';

export interface CommentReplyModel {
  id: string;
  content: string;
  authorName: string;
  authorEmail: string;
  creationDate: string;
  deleted?: boolean;
}

export interface CommentModel {
  id: string;
  sheet: SheetModel;
  row: number;
  col: number;
  content: string;
  authorName: string;
  authorEmail: string;
  /** ISO 8601, as the host hands dates to the client. */
  creationDate: string;
  resolved: boolean;
  replies: CommentReplyModel[];
  deleted?: boolean;
}
