'use client';

import type { TIntakeReceipt } from '@madoguchi/shared';
import Link from 'next/link';
import { useEffect, useRef } from 'react';

import { ChildlineBanner } from '../ui/childline-banner';
import { DangerNowBanner } from '../ui/danger-now-banner';
import { En } from '../ui/en';
import { WindowCard } from '../windows/window-card';
import type { TWindowView } from '../windows/window-view';
import { PersonEvidenceForm } from '../evidence/person-evidence-form';
import { DoAndEvidenceAdvice, DoNotAdvice } from './advice';
import { CourtPapersLaterNote } from './court-papers-note';
import { FuriganaContext, type TFuriganaMap, Rb } from './furigana-view';
import { RECEIPT_TEXTS as T } from './receipt-texts';
import { CALL_110_ALERT, SafetyAlerts } from './safety-alerts';
import { SaveCodes } from './save-codes';

type TIntakeReceiptProps = {
  receipt: TIntakeReceipt;
  windows: readonly TWindowView[];
  age: number | undefined;
  /** The person's answer to "have court papers come?" (undefined: not answered). */
  courtPapersReceived?: boolean;
  /** Readings for a child reader: the receipt's kanji get furigana (ruby). */
  furigana?: TFuriganaMap;
};

/**
 * What a person sees after sending. On a phone the first screen holds the safety alerts and what
 * never to do (paying or calling them back is the costly mistake), then the two codes they need later
 * (shown only this once), then where to call and what to do meanwhile.
 */
export function IntakeReceipt({ receipt, windows, age, courtPapersReceived, furigana }: TIntakeReceiptProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // With JavaScript the form is replaced in place, wherever the person had scrolled to: go back to the
    // top so the alerts are in view, and start the screen reader at the heading. Focusing alone would
    // scroll only as far as the heading (centred), leaving the alerts below the fold.
    const page = document.scrollingElement ?? document.documentElement;
    page.scrollTop = 0;
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  const { triage } = receipt;
  const bySlug = new Map(windows.map((window) => [window.slug, window]));
  const dangerAlert = triage.safetyAlerts.find((alert) => alert.code === CALL_110_ALERT);

  return (
    <FuriganaContext value={furigana}>
      <div className="receipt">
        <h1 ref={headingRef} tabIndex={-1} id="receipt-title">
          <Rb>{T.title}</Rb>
          <En>We have received your consultation</En>
        </h1>

        {dangerAlert && <DangerNowBanner message={dangerAlert.message} />}
        <SafetyAlerts alerts={triage.safetyAlerts} />
        <DoNotAdvice items={triage.advice.doNot} />

        <section className="receipt-codes" aria-labelledby="codes-title">
          <h2 id="codes-title">
            <Rb>{T.codesTitle}</Rb>
            <En>Write these two down</En>
          </h2>
          <dl className="receipt-codes__list">
            <div>
              <dt>
                <Rb>{T.receiptNumber}</Rb>
                <En>Receipt number</En>
              </dt>
              <dd className="code" data-testid="receipt-number">
                {receipt.receiptNumber}
              </dd>
            </div>
            <div>
              <dt>
                {T.accessCode}
                <En>Access code</En>
              </dt>
              <dd className="code" data-testid="access-code">
                {receipt.accessCode}
              </dd>
            </div>
          </dl>
          <p>
            <strong>
              <Rb>{T.codesKeep}</Rb>
            </strong>
            <Rb>{T.codesOnce}</Rb>
          </p>
          <En as="p">
            Write them on paper or take a screenshot of this screen. The access code is shown only now: once
            you close or reload this page it cannot be shown again. You need both to check on your
            consultation or to reply later.
          </En>
          <SaveCodes receiptNumber={receipt.receiptNumber} accessCode={receipt.accessCode} />
        </section>

        {age !== undefined && age <= 18 && <ChildlineBanner />}

        <section aria-labelledby="windows-title">
          <h2 id="windows-title">
            <Rb>{T.windowsTitle}</Rb>
            <En>Where you can get help</En>
          </h2>
          <p>
            <Rb>{T.windowsIntro}</Rb>
          </p>
          <En as="p">The best match comes first. Tap a number to call it.</En>
          <ul className="window-list">
            {triage.recommendations.map((recommendation) => {
              const window = bySlug.get(recommendation.windowSlug);
              return (
                <li key={`${recommendation.ruleId}-${recommendation.windowSlug}`}>
                  {window ? (
                    <WindowCard window={window} reason={recommendation.reason} headingLevel={3} />
                  ) : (
                    <p className="window-card">
                      <Rb>{recommendation.reason.ja}</Rb>
                      <En>{recommendation.reason.en}</En>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          <p>
            <Link href="/windows">
              <Rb>{T.allWindows}</Rb>
              <En>See all help desks</En>
            </Link>
          </p>
        </section>

        <DoAndEvidenceAdvice advice={triage.advice} />
        <PersonEvidenceForm receiptNumber={receipt.receiptNumber} accessCode={receipt.accessCode} />

        {courtPapersReceived === false && <CourtPapersLaterNote />}

        <section aria-labelledby="next-title">
          <h2 id="next-title">
            {T.nextTitle}
            <En>What happens next</En>
          </h2>
          <p>
            <Rb>{T.nextText}</Rb>
          </p>
          <En as="p">
            A counsellor will read what you wrote. Any news appears on the status page, which you open with
            your receipt number and access code.
          </En>
          <Link className="button button--secondary" href="/status">
            <Rb>{T.statusLink}</Rb>
            <En>Go to the status page</En>
          </Link>
        </section>
      </div>
    </FuriganaContext>
  );
}
