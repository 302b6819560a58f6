import {
  type TCaseDetail,
  INTAKE_CHANNEL_LABELS,
  prefectureByCode,
  TROUBLE_CATEGORIES,
  ZIntakeAnswers,
  ZIntakeIdentifiers,
} from '@madoguchi/shared';
import { z } from 'zod';

import { formatDateTime, formatNumber } from '../dashboard/format';
import {
  AMOUNT_LABELS,
  CALLER_RELATION_LABELS,
  CONTACT_PREFERENCE_LABELS,
  DEMAND_VIA_LABELS,
  IDENTIFIER_GROUP_LABELS,
  YES_NO_ANSWER_KEYS,
  YES_NO_ANSWER_LABELS,
} from './labels';

const ZStoredContact = z
  .object({
    preferred: z.enum(['none', 'phone', 'email']).optional(),
    name: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  })
  .loose();

function YesNo({ value }: { value: boolean | undefined }) {
  if (value === undefined) {
    return <span className="muted">未回答 / no answer</span>;
  }
  return value ? <strong>はい / Yes</strong> : <span>いいえ / No</span>;
}

/** The caller's contact details, as entered (the contact block was always the writer's). */
function ContactDetails({
  contact,
}: {
  contact: z.ZodSafeParseResult<z.infer<typeof ZStoredContact>> | null;
}) {
  if (!contact?.success) {
    return (
      <p className="muted">
        連絡先の入力はありません(匿名)。 <span lang="en">No contact details (anonymous).</span>
      </p>
    );
  }
  return (
    <dl className="meta-list">
      <div>
        <dt>希望する連絡方法 / Preferred</dt>
        <dd>{contact.data.preferred ? CONTACT_PREFERENCE_LABELS[contact.data.preferred].ja : '—'}</dd>
      </div>
      {contact.data.name ? (
        <div>
          <dt>名前 / Name</dt>
          <dd>{contact.data.name}</dd>
        </div>
      ) : null}
      {contact.data.phone ? (
        <div>
          <dt>電話 / Phone</dt>
          <dd>{contact.data.phone}</dd>
        </div>
      ) : null}
      {contact.data.email ? (
        <div>
          <dt>メール / E-mail</dt>
          <dd>{contact.data.email}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** What the person (or the counselor on the phone) entered, as entered. */
export function IntakeView({ detail }: { detail: TCaseDetail }) {
  const intake = detail.intake;
  if (!intake) {
    return (
      <p className="muted">
        受付時の記録がありません。 <span lang="en">No intake record.</span>
      </p>
    );
  }
  const answers = ZIntakeAnswers.safeParse(intake.answers);
  const identifiers = ZIntakeIdentifiers.safeParse(intake.identifiers);
  const contact = intake.contact ? ZStoredContact.safeParse(intake.contact) : null;
  const prefecture = detail.prefecture ? prefectureByCode(detail.prefecture) : undefined;
  // An intake that did not say who wrote is the affected person's own (every intake before the caller block).
  const caller =
    detail.callerRelation === null
      ? { ja: '本人(記録なし)', en: 'The person themself (not recorded)' }
      : CALLER_RELATION_LABELS[detail.callerRelation];
  const hasIdentifiers =
    identifiers.success && Object.values(identifiers.data).some((list) => list && list.length > 0);
  const yesCount = answers.success
    ? YES_NO_ANSWER_KEYS.filter((key) => answers.data[key] === true).length
    : 0;
  const picked =
    detail.pickedCategory && Object.hasOwn(TROUBLE_CATEGORIES, detail.pickedCategory)
      ? TROUBLE_CATEGORIES[detail.pickedCategory as keyof typeof TROUBLE_CATEGORIES].label
      : null;

  return (
    <div className="stack-sm">
      <dl className="meta-list">
        <div>
          <dt>受付 / Received</dt>
          <dd>
            {formatDateTime(intake.createdAt)}({INTAKE_CHANNEL_LABELS[detail.channel].ja})
          </dd>
        </div>
        <div>
          <dt>本人が選んだ種類 / Picked by the person</dt>
          <dd>{picked ? picked.ja : '—'}</dd>
        </div>
        <div>
          <dt>情報共有への同意 / Consent to share</dt>
          <dd>{detail.consentToShare ? 'あり / Yes' : 'なし / No'}</dd>
        </div>
      </dl>

      <div className="intake-parties">
        <section className="intake-party" aria-labelledby="intake-caller-title" data-testid="intake-caller">
          <h3 id="intake-caller-title">
            相談者 <span lang="en">/ Caller</span>
          </h3>
          <dl className="meta-list">
            <div>
              <dt>続柄 / Relation</dt>
              <dd>
                {caller.ja} <span lang="en">{caller.en}</span>
              </dd>
            </div>
          </dl>
          <ContactDetails contact={contact} />
        </section>
        <section
          className="intake-party"
          aria-labelledby="intake-affected-title"
          data-testid="intake-affected"
        >
          <h3 id="intake-affected-title">
            被害にあった人 <span lang="en">/ The person affected</span>
          </h3>
          {detail.callerRelation === null || detail.callerRelation === 'self' ? (
            <p className="small muted">
              相談者本人 <span lang="en">The caller themself</span>
            </p>
          ) : null}
          <dl className="meta-list">
            <div>
              <dt>年齢 / Age</dt>
              <dd>{detail.personAge ?? '—'}</dd>
            </div>
            <div>
              <dt>都道府県 / Prefecture</dt>
              <dd>{prefecture ? prefecture.ja : '—'}</dd>
            </div>
          </dl>
        </section>
      </div>

      <h3>
        相談内容 <span lang="en">/ Description</span>
      </h3>
      <blockquote className="description">{intake.description}</blockquote>

      {/*
       * The answers one by one and the other party as typed are long on a phone and already summed up
       * (the flags, triage, the identifiers table): folded, with the number of "yes" answers in view.
       */}
      <details className="case-more intake-answers" data-testid="intake-answers">
        <summary>
          質問への回答{answers.success ? `(「はい」${yesCount}件)` : ''}
          {hasIdentifiers ? '・相手の情報(入力どおり)' : ''}を表示{' '}
          <span lang="en">
            / Show the answers{answers.success ? ` (${yesCount} yes)` : ''}
            {hasIdentifiers ? ' and the other party as entered' : ''}
          </span>
        </summary>
        <h3>
          質問への回答 <span lang="en">/ Answers</span>
        </h3>
        {answers.success ? (
          <dl className="answer-list">
            {YES_NO_ANSWER_KEYS.map((key) => (
              <div key={key} className={answers.data[key] ? 'answer--yes' : undefined}>
                <dt>
                  {YES_NO_ANSWER_LABELS[key].ja} <span lang="en">{YES_NO_ANSWER_LABELS[key].en}</span>
                </dt>
                <dd>
                  <YesNo value={answers.data[key]} />
                </dd>
              </div>
            ))}
            {(['amountRequestedYen', 'amountPaidYen'] as const).map((key) =>
              answers.data[key] === undefined ? null : (
                <div key={key}>
                  <dt>
                    {AMOUNT_LABELS[key].ja} <span lang="en">{AMOUNT_LABELS[key].en}</span>
                  </dt>
                  <dd>{formatNumber(answers.data[key])}円</dd>
                </div>
              ),
            )}
            {answers.data.demandVia && answers.data.demandVia.length > 0 ? (
              <div>
                <dt>
                  請求・連絡の手段 <span lang="en">Demanded via</span>
                </dt>
                <dd>{answers.data.demandVia.map((via) => DEMAND_VIA_LABELS[via].ja).join('、')}</dd>
              </div>
            ) : null}
          </dl>
        ) : (
          <pre className="raw">{JSON.stringify(intake.answers, null, 2)}</pre>
        )}

        {hasIdentifiers ? (
          <>
            <h3>
              相手の情報(入力どおり) <span lang="en">/ The other party, as entered</span>
            </h3>
            <dl className="meta-list">
              {(Object.keys(IDENTIFIER_GROUP_LABELS) as (keyof typeof IDENTIFIER_GROUP_LABELS)[]).map(
                (key) => {
                  const list = identifiers.data[key];
                  return list && list.length > 0 ? (
                    <div key={key}>
                      <dt>{IDENTIFIER_GROUP_LABELS[key].ja}</dt>
                      <dd>
                        <ul className="plain-list">
                          {list.map((value) => (
                            <li key={value}>
                              <code>{value}</code>
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </div>
                  ) : null;
                },
              )}
            </dl>
          </>
        ) : null}
      </details>
    </div>
  );
}
