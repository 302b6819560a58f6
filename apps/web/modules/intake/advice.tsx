import type { TAdvice, TLocalized } from '@madoguchi/shared';

import { En } from '../ui/en';
import { Rb } from './furigana-view';
import { RECEIPT_TEXTS } from './receipt-texts';

function AdviceList({ items, tone }: { items: readonly TLocalized[]; tone: 'do-not' | 'do' | 'evidence' }) {
  return (
    <ul className={`advice-list advice-list--${tone}`}>
      {items.map((item) => (
        <li key={item.ja}>
          <Rb>{item.ja}</Rb>
          <En>{item.en}</En>
        </li>
      ))}
    </ul>
  );
}

/** What never to do comes first: paying or calling back is the mistake that costs people most. */
export function DoNotAdvice({
  items,
  headingLevel = 2,
}: {
  items: readonly TLocalized[];
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  if (items.length === 0) {
    return null;
  }
  return (
    <section className="advice advice--do-not" aria-labelledby="advice-do-not">
      <Heading id="advice-do-not">
        {RECEIPT_TEXTS.doNotTitle}
        <En>Do not</En>
      </Heading>
      <AdviceList items={items} tone="do-not" />
    </section>
  );
}

/** What to do and what to keep, after the "do not" list (which the receipt shows first, at the top). */
export function DoAndEvidenceAdvice({ advice }: { advice: Pick<TAdvice, 'do' | 'evidence'> }) {
  return (
    <>
      {advice.do.length > 0 && (
        <section className="advice advice--do" aria-labelledby="advice-do">
          <h2 id="advice-do">
            {RECEIPT_TEXTS.doTitle}
            <En>What to do</En>
          </h2>
          <AdviceList items={advice.do} tone="do" />
        </section>
      )}
      {advice.evidence.length > 0 && (
        <section className="advice advice--evidence" aria-labelledby="advice-evidence">
          <h2 id="advice-evidence">
            <Rb>{RECEIPT_TEXTS.evidenceTitle}</Rb>
            <En>Evidence to keep</En>
          </h2>
          <AdviceList items={advice.evidence} tone="evidence" />
        </section>
      )}
    </>
  );
}
