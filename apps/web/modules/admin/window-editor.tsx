'use client';

import {
  PREFECTURES,
  type TPrefectureCode,
  type TReferralWindow,
  type TTimeRange,
  tokyoDateKey,
} from '@madoguchi/shared';
import { type FormEvent, useId, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { ClosuresEditor, HoursKindChoice, TimeInput, WeeklyPeriodsEditor } from './opening-hours-fields';
import { changedFacts, type TDraft, toDraft } from './window-draft';
import { updateWindow } from './window-actions';

export function WindowEditor({ window }: { window: TReferralWindow }) {
  const id = useId();
  const [draft, setDraft] = useState<TDraft>(() => toDraft(window));
  const { run, result, pending, setResult } = useStaffAction(updateWindow);
  const set = (patch: Partial<TDraft>) => setDraft((current) => ({ ...current, ...patch }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = changedFacts(window, draft);
    if (Object.keys(patch).length === 0) {
      setResult({ ok: true, message: { ja: '変更はありません。', en: 'Nothing changed.' }, data: undefined });
      return;
    }
    await run({ slug: window.slug, patch });
  }

  const setHoliday = (index: number, patch: Partial<TTimeRange>) =>
    set({
      holidayPeriods: (draft.holidayPeriods ?? []).map((range, i) =>
        i === index ? { ...range, ...patch } : range,
      ),
    });
  const setPhone = (index: number, patch: Partial<TDraft['phones'][number]>) =>
    set({ phones: draft.phones.map((phone, i) => (i === index ? { ...phone, ...patch } : phone)) });

  return (
    <form
      className="form-stack window-editor"
      onSubmit={(event) => void submit(event)}
      aria-label={`${window.name.ja}の編集 / Edit ${window.name.en}`}
    >
      <fieldset>
        <legend>
          受付時間 <span lang="en">/ Hours</span>(日本時間 / Japan time)
        </legend>
        <HoursKindChoice
          name={`${id}-kind`}
          options={[
            ['weekly', '曜日ごと / Weekly'],
            ['always', '24時間 / Always'],
            ['none', '受付時間なし / No live hours'],
            ['unknown', '不明 / Unknown'],
          ]}
          kind={draft.hoursKind}
          periods={draft.periods}
          onChange={set}
        />
        {draft.hoursKind === 'weekly' ? (
          <WeeklyPeriodsEditor
            periods={draft.periods}
            onChange={(periods) => set({ periods })}
            rowTestId="hours-period"
          >
            <p className="hint">
              夜12時をまたぐ時間は2行に分けます(例: 22:00–24:00 と 翌日 00:00–02:00)。
              <span lang="en"> Split overnight hours into two rows.</span>
            </p>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.holidayPeriods !== null}
                onChange={(event) =>
                  set({ holidayPeriods: event.target.checked ? [{ open: '10:00', close: '16:00' }] : null })
                }
              />
              祝日は別の時間で受け付ける <span lang="en">/ Different hours on national holidays</span>
            </label>
            {draft.holidayPeriods ? (
              <ul className="plain-list">
                {draft.holidayPeriods.map((range, index) => (
                  <li key={index} className="inline-form">
                    <TimeInput
                      label={`祝日の開始 / Holiday opens`}
                      value={range.open}
                      onChange={(open) => setHoliday(index, { open })}
                    />
                    –
                    <TimeInput
                      label={`祝日の終了 / Holiday closes`}
                      value={range.close}
                      allow24
                      onChange={(close) => setHoliday(index, { close })}
                    />
                  </li>
                ))}
              </ul>
            ) : null}
          </WeeklyPeriodsEditor>
        ) : null}
      </fieldset>

      <ClosuresEditor closures={draft.closures} onChange={(closures) => set({ closures })} />

      <fieldset>
        <legend>
          対象者 <span lang="en">/ Eligibility</span>
        </legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-min`}>
              最低年齢 <span lang="en">/ Min age</span>
            </label>
            <input
              id={`${id}-min`}
              className="input--short"
              inputMode="numeric"
              value={draft.minAge}
              onChange={(event) => set({ minAge: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max`}>
              最高年齢 <span lang="en">/ Max age</span>
            </label>
            <input
              id={`${id}-max`}
              className="input--short"
              inputMode="numeric"
              value={draft.maxAge}
              onChange={(event) => set({ maxAge: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-prefs`}>
              対象の都道府県(選ばなければ全国) <span lang="en">/ Prefectures (none: nationwide)</span>
            </label>
            <select
              id={`${id}-prefs`}
              multiple
              size={6}
              value={draft.prefectures}
              onChange={(event) =>
                set({
                  prefectures: [...event.target.selectedOptions].map(
                    (option) => option.value as TPrefectureCode,
                  ),
                })
              }
            >
              {PREFECTURES.map((prefecture) => (
                <option key={prefecture.code} value={prefecture.code}>
                  {prefecture.ja} / {prefecture.en}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>
          電話番号 <span lang="en">/ Phone numbers</span>
        </legend>
        {draft.phones.map((phone, index) => (
          <div key={index} className="field-row phone-row">
            <div className="field">
              <label htmlFor={`${id}-phone-${index}`}>
                番号 <span lang="en">/ Number</span>
              </label>
              <input
                id={`${id}-phone-${index}`}
                value={phone.number}
                inputMode="tel"
                onChange={(event) => setPhone(index, { number: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-phone-${index}-ja`}>
                名前(日本語) <span lang="en">/ Label (ja)</span>
              </label>
              <input
                id={`${id}-phone-${index}-ja`}
                value={phone.labelJa}
                onChange={(event) => setPhone(index, { labelJa: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-phone-${index}-en`}>
                名前(英語) <span lang="en">/ Label (en)</span>
              </label>
              <input
                id={`${id}-phone-${index}-en`}
                value={phone.labelEn}
                onChange={(event) => setPhone(index, { labelEn: event.target.value })}
              />
            </div>
            <button
              type="button"
              className="btn btn--small btn--quiet"
              onClick={() => set({ phones: draft.phones.filter((_, i) => i !== index) })}
            >
              削除 / Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn--small"
          onClick={() =>
            set({
              phones: [...draft.phones, { number: '', labelJa: '', labelEn: '', noteJa: '', noteEn: '' }],
            })
          }
        >
          番号を追加 / Add a number
        </button>
      </fieldset>

      <fieldset>
        <legend>
          紹介の連絡 <span lang="en">/ Referral notices</span>
        </legend>
        <div className="field">
          <label htmlFor={`${id}-referral-email`}>
            紹介用メールアドレス <span lang="en">/ Referral e-mail address</span>
          </label>
          <input
            id={`${id}-referral-email`}
            type="email"
            inputMode="email"
            autoComplete="off"
            maxLength={254}
            aria-describedby={`${id}-referral-email-hint`}
            value={draft.referralEmail}
            onChange={(event) => set({ referralEmail: event.target.value })}
          />
          <p className="hint" id={`${id}-referral-email-hint`}>
            紹介の連絡を受けるアドレス(相手先と取り決めた場合のみ)。空欄なら、リンクはメールで送れません。
            <span lang="en">
              {' '}
              The address that receives referral notices (only where agreed with the window). Leave empty to
              send no e-mail.
            </span>
          </p>
        </div>
      </fieldset>

      <fieldset>
        <legend>
          備考 <span lang="en">/ Notes</span>
        </legend>
        <div className="field">
          <label htmlFor={`${id}-notes-ja`}>日本語 / Japanese</label>
          <textarea
            id={`${id}-notes-ja`}
            rows={3}
            value={draft.notes.ja}
            onChange={(event) => set({ notes: { ...draft.notes, ja: event.target.value } })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes-en`}>英語 / English</label>
          <textarea
            id={`${id}-notes-en`}
            rows={3}
            value={draft.notes.en}
            onChange={(event) => set({ notes: { ...draft.notes, en: event.target.value } })}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>
          確認と公開 <span lang="en">/ Verification and status</span>
        </legend>
        <div className="inline-form">
          <label htmlFor={`${id}-verified-at`}>
            最終確認日 <span lang="en">/ Last verified</span>
          </label>
          <input
            id={`${id}-verified-at`}
            type="date"
            value={draft.lastVerifiedAt}
            onChange={(event) => set({ lastVerifiedAt: event.target.value })}
          />
          <button
            type="button"
            className="btn btn--small"
            onClick={() => set({ lastVerifiedAt: tokyoDateKey(new Date()), verified: true })}
          >
            今日確認した / Verified today
          </button>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.verified}
            onChange={(event) => set({ verified: event.target.checked })}
          />
          すべての情報を窓口の公式情報で確認済み{' '}
          <span lang="en">/ Every fact checked against the official source</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(event) => set({ active: event.target.checked })}
          />
          紹介先として使う(公開) <span lang="en">/ Active (listed and used by triage)</span>
        </label>
        {!draft.active && window.active ? (
          <p className="notice notice--warning small">
            無効にすると、相談窓口の一覧と自動判定から外れ、この画面にも表示されなくなります(再び有効にするAPIがまだありません)。
            <span lang="en" className="en en--block">
              An inactive window leaves the directory and triage, and this list (the API cannot list inactive
              windows yet).
            </span>
          </p>
        ) : null}
      </fieldset>

      <div className="button-row">
        <button className="btn btn--primary" type="submit" disabled={pending}>
          保存 / Save
        </button>
        <button
          type="button"
          className="btn btn--quiet"
          onClick={() => {
            setDraft(toDraft(window));
            setResult(null);
          }}
        >
          元に戻す / Reset
        </button>
      </div>
      <ActionFeedback result={result} />
    </form>
  );
}
