/** Plain text, or a run of kanji with its reading in hiragana (rendered as <ruby>). */
export type TRubySegment = string | readonly [base: string, reading: string];

/** Readings by text, for the texts of one page (see furigana.ts). */
export type TFuriganaMap = Readonly<Record<string, readonly TRubySegment[]>>;
