/**
 * A `tel:` link for a number as the directory writes it ('0120-99-7777', '188', '#9110'). Hyphens
 * are dropped, and '#' must be percent-encoded or the browser treats the rest as a fragment.
 */
export function telHref(number: string): string {
  return `tel:${number.replace(/[\s-]/g, '').replace(/#/g, '%23')}`;
}
