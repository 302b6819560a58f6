import { nfkc, normalizeEmail, normalizePhone, type TDisclosureField } from '@madoguchi/shared';

export type Contact = { name?: string; phone?: string; email?: string };
export type IdentifierLike = { kind: string; value: string; display: string };

/** What stands in for a withheld name, phone number or address found inside free text. */
export const WITHHELD_MARK = '〇〇';

// Whatever people put between digits: spaces, hyphens of every width, brackets, dots.
const DIGIT_GAP = '[\\s\\-‐‑‒–—―ー−()（）.]*';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function digitsPattern(digits: string): string {
  return digits.split('').join(DIGIT_GAP);
}

function phonePatterns(phone: string): RegExp[] {
  const normalized = normalizePhone(phone)?.value ?? phone;
  const digits = normalized.replace(/\D/g, '');
  if (digits.length < 6) {
    return [];
  }
  if (normalized.startsWith('+81')) {
    const national = `0${digits.slice(2)}`;
    const subscriber = digits.slice(2);
    return [
      new RegExp(digitsPattern(national), 'g'),
      new RegExp(`\\+?${digitsPattern('81')}${DIGIT_GAP}${digitsPattern(subscriber)}`, 'g'),
    ];
  }
  return [new RegExp(digitsPattern(digits), 'g')];
}

function namePattern(name: string): RegExp | null {
  const chars = [...nfkc(name).replace(/\s+/g, '')];
  // A one-character "name" would blank out ordinary words.
  return chars.length >= 2 ? new RegExp(chars.map(escape).join('\\s*'), 'g') : null;
}

const sameName = (a: string, b: string) => nfkc(a).replace(/\s+/g, '') === nfkc(b).replace(/\s+/g, '');

/**
 * The person's own contact details that the consent does not let go out, applied to everything else that does.
 *
 * Consent is per field, but people and counselors write names and numbers into free text ("山田さんに 090-… で
 *折り返し"), and the desk's text search copies a phone number in the description into the identifiers. So a
 * withheld name, phone number or e-mail address is also taken out of the summary, the description, the reason and
 * the contact log, and dropped from the identifiers. This catches the details as recorded (a phone number however
 * it is punctuated, a name with or without a space); it cannot catch a surname alone or a nickname, which is why
 * counselors are asked to keep personal details out of summaries and contact notes.
 */
export class WithheldContact {
  private readonly patterns: RegExp[] = [];
  private readonly phone: string | null;
  private readonly email: string | null;
  private readonly name: string | null;

  constructor(contact: Contact | null, fields: ReadonlySet<TDisclosureField>) {
    const withhold = {
      name: !fields.has('contact_name') && contact?.name ? contact.name : null,
      phone: !fields.has('contact_phone') && contact?.phone ? contact.phone : null,
      email: !fields.has('contact_email') && contact?.email ? contact.email : null,
    };
    this.name = withhold.name;
    this.phone = withhold.phone && (normalizePhone(withhold.phone)?.value ?? withhold.phone);
    this.email = withhold.email && (normalizeEmail(withhold.email)?.value ?? withhold.email.toLowerCase());
    if (withhold.email) {
      this.patterns.push(new RegExp(escape(nfkc(withhold.email)), 'gi'));
    }
    if (withhold.phone) {
      this.patterns.push(...phonePatterns(withhold.phone));
    }
    const name = withhold.name && namePattern(withhold.name);
    if (name) {
      this.patterns.push(name);
    }
  }

  /** The text, NFKC-folded, with every withheld detail replaced by 〇〇. */
  scrub(text: string): string {
    return this.patterns.reduce((result, pattern) => result.replace(pattern, WITHHELD_MARK), nfkc(text));
  }

  /** Whether an identifier is one of the withheld details (e.g. the person's own number found in the text). */
  isWithheld(identifier: IdentifierLike): boolean {
    switch (identifier.kind) {
      case 'phone':
        return this.phone !== null && identifier.value === this.phone;
      case 'email':
        return this.email !== null && identifier.value.toLowerCase() === this.email;
      case 'name':
        return this.name !== null && sameName(identifier.value, this.name);
      default:
        return false;
    }
  }
}
