import { unzipSync } from 'fflate';
import type { EVIDENCE_TYPES } from '../../shared/schema/chase.js';

export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const EVIDENCE_MIME: Record<EvidenceType, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const TYPE_ZH: Record<EvidenceType, string> = { pdf: 'PDF 文件', jpg: 'JPG 图片', png: 'PNG 图片', docx: 'Word 文档', xlsx: 'Excel 工作簿' };

const starts = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/**
 * What a file is by its content (magic bytes), never by its name: %PDF-, the PNG signature,
 * JPEG's FF D8 FF, and for a zip the part that makes it a Word document (word/document.xml) or
 * a workbook (xl/workbook.xml), read off the central directory without inflating anything.
 * Null for anything else (an .exe's MZ, a plain zip, text…).
 */
export function sniffType(b: Uint8Array): EvidenceType | null {
  if (starts(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'jpg';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    const names = new Set<string>();
    try {
      unzipSync(b, { filter: (f) => (names.add(f.name), false) });
    } catch {
      return null;
    }
    if (names.has('[Content_Types].xml') && names.has('word/document.xml')) return 'docx';
    if (names.has('[Content_Types].xml') && names.has('xl/workbook.xml')) return 'xlsx';
  }
  return null;
}

/** The type a file name claims (jpeg counts as jpg), or null. */
export function typeOfName(name: string): EvidenceType | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === 'jpeg') return 'jpg';
  return ext && ext in EVIDENCE_MIME ? (ext as EvidenceType) : null;
}

/** Why a file is refused as evidence (Chinese first), or null when its content is one of the five types and its name agrees. */
export function evidenceTypeProblem(content: EvidenceType | null, name: string): string | null {
  if (!content) return `文件内容不是 PDF、JPG、PNG、Word(.docx) 或 Excel(.xlsx)，不能作为佐证材料上传 (the file's content is not pdf, jpg, png, docx or xlsx): ${name.slice(0, 100)}`;
  const claimed = typeOfName(name);
  if (claimed !== content) return `文件内容是${TYPE_ZH[content]}，但文件名是“${name.slice(0, 100)}”，请改正扩展名后再上传 (name does not match content)`;
  return null;
}
