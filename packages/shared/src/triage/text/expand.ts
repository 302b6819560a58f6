/** Expands `(a|b|)` groups: '払(った|って)' → ['払った', '払って']; an empty alternative makes a group optional. */
export function expandAlternatives(term: string): string[] {
  const open = term.indexOf('(');
  if (open < 0) {
    return [term];
  }
  const close = term.indexOf(')', open);
  if (close < 0) {
    return [term];
  }
  const head = term.slice(0, open);
  const options = term.slice(open + 1, close).split('|');
  const tails = expandAlternatives(term.slice(close + 1));
  return options.flatMap((option) => tails.map((tail) => `${head}${option}${tail}`));
}
