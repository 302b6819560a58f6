/**
 * A SQL statement with its parameters kept apart from the text, written with the `sql` tag. No Prisma, no pg:
 * the API hands it to Prisma (prismaSql), the benchmark's baseline to pg (`text` and `values`), so both send
 * PostgreSQL the same statement.
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The text with pg's numbered placeholders ($1, $2, …), in the order of `values`. */
  get text(): string {
    return this.strings.reduce((text, part, index) => `${text}$${index}${part}`);
  }
}

type TParts = { strings: string[]; values: unknown[] };

function append(parts: TParts, fragment: Sql): void {
  parts.strings[parts.strings.length - 1] += fragment.strings[0] ?? '';
  parts.strings.push(...fragment.strings.slice(1));
  parts.values.push(...fragment.values);
}

/** sql`… ${value} …`: a value becomes a parameter; a nested Sql is spliced in, with its own parameters. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const parts: TParts = { strings: [strings[0] ?? ''], values: [] };
  values.forEach((value, index) => {
    const next = strings[index + 1] ?? '';
    if (value instanceof Sql) {
      append(parts, value);
      parts.strings[parts.strings.length - 1] += next;
    } else {
      parts.values.push(value);
      parts.strings.push(next);
    }
  });
  return new Sql(parts.strings, parts.values);
}

/** The fragments one after the other, `separator` (plain SQL text) between them. */
export function joinSql(fragments: readonly Sql[], separator: string): Sql {
  const parts: TParts = { strings: [''], values: [] };
  fragments.forEach((fragment, index) => {
    if (index > 0) {
      parts.strings[parts.strings.length - 1] += separator;
    }
    append(parts, fragment);
  });
  return new Sql(parts.strings, parts.values);
}
