/*
 * Exact multi-pattern search over UTF-16 code units: a trie walked from every position of an already folded text.
 * Patterns are at most a few dozen units long, so a search costs O(text × longest pattern) in the worst case and
 * about O(text) in practice: under 1 ms for 5,000 characters. (modern-ahocorasick, tried first, segments the text
 * into grapheme clusters with Intl.Segmenter on every search: 14 ms for 5,000 characters, half of the preview's
 * latency budget, for a precision the folded text does not need.)
 *
 * Packed into typed arrays (each node's edges sorted by code unit, found by binary search): a few hundred thousand
 * nodes cost a few MB this way instead of a Map each (tens of MB of heap).
 */
export type TTrieMatch<T> = { start: number; end: number; pattern: string; data: T };

const NONE = -1;

export class CodeUnitTrie<T> {
  /** Node n's edges are edgeCodes/edgeTargets[firstEdge[n] .. firstEdge[n + 1]), sorted by code unit. */
  private readonly firstEdge: Int32Array;
  private readonly edgeCodes: Uint16Array;
  private readonly edgeTargets: Int32Array;
  /** The pattern ending at each node, or NONE. */
  private readonly terminal: Int32Array;
  private readonly patterns: { pattern: string; data: T }[] = [];

  constructor(entries: Iterable<{ pattern: string; data: T }>) {
    // Built from the patterns in code-unit order, so the child a pattern continues into is always its node's
    // newest child: the build needs no map per node (a Map per node took ~90 MB of transient heap for the
    // lexicon's few hundred thousand nodes, enough to stop the API at start-up under a 128 MB heap limit), only
    // flat arrays of child lists, packed at the end.
    const sorted = [...entries]
      .filter(({ pattern }) => pattern.length > 0)
      .sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
    const code: number[] = [0];
    const firstChild: number[] = [NONE];
    const lastChild: number[] = [NONE];
    const nextSibling: number[] = [NONE];
    const terminal: number[] = [NONE];
    for (const { pattern, data } of sorted) {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        const newest = lastChild[node] as number;
        if (newest !== NONE && code[newest] === unit) {
          node = newest;
          continue;
        }
        const created = code.length;
        code.push(unit);
        firstChild.push(NONE);
        lastChild.push(NONE);
        nextSibling.push(NONE);
        terminal.push(NONE);
        if (newest === NONE) {
          firstChild[node] = created;
        } else {
          nextSibling[newest] = created;
        }
        lastChild[node] = created;
        node = created;
      }
      if (terminal[node] === NONE) {
        terminal[node] = this.patterns.length;
        this.patterns.push({ pattern, data });
      }
    }

    const nodes = code.length;
    this.firstEdge = new Int32Array(nodes + 1);
    this.edgeCodes = new Uint16Array(nodes - 1);
    this.edgeTargets = new Int32Array(nodes - 1);
    let at = 0;
    for (let node = 0; node < nodes; node++) {
      this.firstEdge[node] = at;
      // Children were created in increasing code order: the list is already sorted.
      for (let child = firstChild[node] as number; child !== NONE; child = nextSibling[child] as number) {
        this.edgeCodes[at] = code[child] as number;
        this.edgeTargets[at] = child;
        at += 1;
      }
    }
    this.firstEdge[nodes] = at;
    this.terminal = Int32Array.from(terminal);
  }

  get size(): number {
    return this.patterns.length;
  }

  private next(node: number, code: number): number {
    let low = this.firstEdge[node] as number;
    let high = (this.firstEdge[node + 1] as number) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.edgeCodes[middle] as number;
      if (found === code) {
        return this.edgeTargets[middle] as number;
      }
      if (found < code) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return NONE;
  }

  /** Every occurrence of every pattern, by start then length. */
  *search(text: string): Generator<TTrieMatch<T>> {
    for (let start = 0; start < text.length; start++) {
      let node = 0;
      for (let end = start; end < text.length; end++) {
        node = this.next(node, text.charCodeAt(end));
        if (node === NONE) {
          break;
        }
        const found = this.terminal[node] as number;
        if (found !== NONE) {
          const { pattern, data } = this.patterns[found] as { pattern: string; data: T };
          yield { start, end: end + 1, pattern, data };
        }
      }
    }
  }
}
