import { charLength, compactLengthUpTo, compactText } from './text.js';

/** A count that names events: 3起, 两件, 十二人 (a Chinese numeral and a measure word). */
const COUNTED = /[一二两三四五六七八九十百千万]+[起件次人份家个卷处项天宗户]/;
/** Quotation or title marks: a named case, document or rule (“…”, 《…》, 〔2022〕). */
const QUOTED = /[“”《》〔〕]/;
const DIGIT = /[0-9０-９]/;

/** True when a description names persons and events (见人见事) rather than generalities. */
export function isConcrete(text: string): boolean {
  return DIGIT.test(text) || COUNTED.test(text) || QUOTED.test(text);
}

/**
 * A description is vague when shorter than 10 characters, or shorter than 30 and not concrete
 * (lengths measured without whitespace, punctuation and symbols).
 * @example isVagueDescription('执法不够规范') === true
 */
export function isVagueDescription(text: string): boolean {
  return isVagueOfLength(text, charLength(compactText(text)));
}

/** isVagueDescription for a text whose compact length `n` is known. */
export function isVagueOfLength(text: string, n: number): boolean {
  if (n === 0) return false;
  return n < 10 || (n < 30 && !isConcrete(text));
}

/** Measures are vague when shorter than 8 characters (加强学习). */
export function isVagueMeasures(text: string): boolean {
  const n = compactLengthUpTo(text, 8);
  return n > 0 && n < 8;
}
