/**
 * A form as data, before it is a file: the same model is written as DOCX and as PDF, so the two never
 * say different things. Forms: the self-assessment (Mẫu 01 for collectives; Mẫu 02, or 2A/2B under
 * 43-HD/BTCTW, for individuals) with the result, and the re-rating decision (Mẫu 03).
 */
export interface FormModel {
  /** File name without extension (ASCII). */
  fileName: string;
  /** The issuing organization, top left, and the motto, top right. */
  issuer: string;
  place: string;
  title: string;
  subtitle: string | null;
  /** Label–value lines. */
  fields: [string, string][];
  /** A table: header row, then rows. */
  table: { headers: string[]; rows: string[][] } | null;
  /** Paragraphs after the table. */
  paragraphs: string[];
  /** Who signs, and their office. */
  signature: { office: string; name: string } | null;
  /** The clause the form comes from, printed small at the foot. */
  source: string;
}

export const MOTTO = 'ĐẢNG CỘNG SẢN VIỆT NAM';
