// The pane's elements by id, and the text of its fields.

/** An element of the pane by its id. */
export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * A field's text, trimmed: '' for a Fluent text input never typed in (its value is undefined
 * until first used) or a field the page lacks.
 */
export function fieldText(id: string): string {
  return ((document.getElementById(id) as HTMLInputElement | null)?.value ?? '').trim();
}
