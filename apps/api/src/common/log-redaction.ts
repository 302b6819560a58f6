/**
 * The URL as logged: the path and the names of the query parameters, never their values. Staff search terms
 * (names, phone numbers), receipt numbers and dates travel in query strings, and logs are kept and shipped
 * elsewhere; a value is personal data until proven otherwise.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) {
    return url;
  }
  const names = url
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => `${pair.split('=')[0] ?? ''}=…`);
  return `${url.slice(0, queryStart)}?${names.join('&')}`;
}
