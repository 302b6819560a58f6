/*
 * Ids that tie a form field to its hint and error message (aria-describedby), and the error summary's
 * links to the field. A field's name is its path in the request body ('person.age'), so an error the
 * API reports for a path lands on the field of the same name.
 */

export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function hintId(name: string): string {
  return `${fieldId(name)}-hint`;
}

export function errorId(name: string): string {
  return `${fieldId(name)}-error`;
}

/** The value for aria-describedby: the hint (when there is one) and the error (when there is one). */
export function describedBy(
  name: string,
  { hint, error }: { hint: boolean; error: boolean },
): string | undefined {
  const ids = [hint ? hintId(name) : undefined, error ? errorId(name) : undefined].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
