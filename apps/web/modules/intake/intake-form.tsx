'use client';

import {
  type TFieldError,
  type TLocalized,
  toFieldErrors,
  type TSafetyAlert,
  type TTriageResult,
  ZIntake,
} from '@madoguchi/shared';
import {
  type FormEvent,
  type ReactNode,
  useActionState,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';

import { ChildlineBanner } from '../ui/childline-banner';
import { DangerNowBanner } from '../ui/danger-now-banner';
import { En } from '../ui/en';
import { ErrorSummary, type TErrorSummaryItem } from '../ui/error-summary';
import { fieldId } from '../ui/form-field';
import { DoNotAdvice } from './advice';
import { clearIntakeDraft, fillForm, loadIntakeDraft, saveIntakeDraft } from './intake-draft';
import {
  FIELD_STEPS,
  fieldForErrorPath,
  fieldLabel,
  INTAKE_STEPS,
  STEP_TITLES,
  type TIntakeStep,
} from './intake-fields';
import {
  enteredAge,
  intakeBody,
  previewDraft,
  singleValue,
  type TIntakeFormValues,
  valuesFromFormData,
} from './intake-form-data';
import { INITIAL_INTAKE_STATE, type TIntakeAction, type TIntakeFormState } from './intake-form-state';
import { IntakeReceipt } from './intake-receipt';
import { StepAbout, StepContact, StepQuestions, StepWhat, type TStepProps } from './intake-steps';
import { IntakeSummary } from './intake-summary';
import { CALL_110_ALERT, SafetyAlerts } from './safety-alerts';
import { CallNow } from './call-now';
import { fetchTriagePreview, type TPreviewFetcher, useTriagePreview } from './triage-preview';

type TIntakeFormProps = {
  action: TIntakeAction;
  /** Made when the page was rendered; see submitIntakeAction. */
  idempotencyKey: string;
  fetchPreview?: TPreviewFetcher;
};

const noSubscription = () => () => undefined;

/** False in the server's HTML and until hydration, true once JavaScript runs the page. */
function useEnhanced(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * The consultation form. Without JavaScript it is one long page, every section shown, posted once to
 * the server action. With JavaScript the same fields become five short steps with live guidance; the
 * fields stay in the page (hidden, not removed), so one submit still sends everything.
 */
export function IntakeForm({ action, idempotencyKey, fetchPreview = fetchTriagePreview }: TIntakeFormProps) {
  const [state, formAction, pending] = useActionState(action, INITIAL_INTAKE_STATE);
  const enhanced = useEnhanced();
  // The form a "clear this device" emptied: it shows afresh until the server replies again.
  const [cleared, setCleared] = useState<{ viewKey: string; count: number }>({ viewKey: '', count: 0 });
  const submitted = state.status === 'submitted';

  useEffect(() => {
    if (submitted) {
      // Sent: nothing of the story stays in the tab, and a reload shows an empty form at step 1.
      clearIntakeDraft();
      if (new URLSearchParams(window.location.search).has(STEP_PARAM)) {
        window.history.replaceState({}, '', window.location.pathname);
      }
    }
  }, [submitted]);

  if (state.status === 'submitted') {
    return (
      <IntakeReceipt
        receipt={state.receipt}
        windows={state.windows}
        age={state.age}
        courtPapersReceived={state.courtPapersReceived}
        furigana={state.furigana}
      />
    );
  }
  // A new reply from the server fills the form in afresh with what it received.
  const viewKey = state.status === 'failed' ? state.attempt : 'new';
  const wasCleared = cleared.viewKey === viewKey && cleared.count > 0;
  return (
    <IntakeFormView
      key={wasCleared ? `${viewKey}-cleared-${cleared.count}` : viewKey}
      state={wasCleared ? INITIAL_EDITING : state}
      formAction={formAction}
      pending={pending}
      enhanced={enhanced}
      idempotencyKey={state.status === 'failed' ? state.idempotencyKey : idempotencyKey}
      fetchPreview={fetchPreview}
      cleared={wasCleared}
      onClear={() => {
        clearIntakeDraft();
        setCleared((previous) => ({
          viewKey,
          count: previous.viewKey === viewKey ? previous.count + 1 : 1,
        }));
      }}
    />
  );
}

type TIntakeFormViewProps = {
  state: Exclude<TIntakeFormState, { status: 'submitted' }>;
  formAction: (form: FormData) => void;
  pending: boolean;
  enhanced: boolean;
  idempotencyKey: string;
  fetchPreview: TPreviewFetcher;
  /** The person has just emptied the form ("clear this device"): say so. */
  cleared: boolean;
  onClear: () => void;
};

const INITIAL_EDITING = { status: 'editing', values: {} } as const satisfies TIntakeFormState;

const LAST_STEP = INTAKE_STEPS.length - 1;

/** The step in the address (1-based, `?step=3`), so each step is its own history entry. */
const STEP_PARAM = 'step';

function stepInAddress(): number | undefined {
  const raw = new URLSearchParams(window.location.search).get(STEP_PARAM);
  const step = raw === null ? Number.NaN : Number(raw) - 1;
  return Number.isInteger(step) && step >= 0 ? Math.min(step, LAST_STEP) : undefined;
}

/** The address of a step: step 1 is the plain /intake the person came in by. */
function stepAddress(step: number): string {
  const params = new URLSearchParams(window.location.search);
  if (step === 0) {
    params.delete(STEP_PARAM);
  } else {
    params.set(STEP_PARAM, String(step + 1));
  }
  const query = params.toString();
  return `${window.location.pathname}${query ? `?${query}` : ''}`;
}

/** Our mark on a history entry the form pushed: the step it was pushed from, so "back" can return to it. */
type THistoryMark = { intakeFrom?: number };

function historyMark(): THistoryMark {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null ? (state as THistoryMark) : {};
}

function firstMessageByField(errors: readonly TFieldError[]): Map<string, TLocalized> {
  const byField = new Map<string, TLocalized>();
  for (const error of errors) {
    const field = fieldForErrorPath(error.path);
    if (field && !byField.has(field)) {
      byField.set(field, error.message);
    }
  }
  return byField;
}

function summaryItems(errors: readonly TFieldError[]): TErrorSummaryItem[] {
  return errors.map((error, index) => {
    const field = fieldForErrorPath(error.path);
    return {
      key: `${error.path}-${index}`,
      href: field ? `#${fieldId(field)}` : undefined,
      label: field ? fieldLabel(field) : undefined,
      message: error.message,
    };
  });
}

/** Errors the shared schema finds in the fields of one step (the same messages the API would send). */
function stepErrors(values: TIntakeFormValues, step: TIntakeStep): TFieldError[] {
  const parsed = ZIntake.safeParse(intakeBody(values));
  if (parsed.success) {
    return [];
  }
  return toFieldErrors(parsed.error).filter((error) => {
    const field = fieldForErrorPath(error.path);
    return field !== undefined && FIELD_STEPS[field] === step;
  });
}

/** A call-110-now the preview read in the text (not only in the answer, which shows its own banner). */
function dangerReadInText(guidance: TTriageResult): TSafetyAlert | undefined {
  const fromText = (guidance.signals ?? []).some(
    (signal) => signal.code === 'danger_now' && signal.source === 'text',
  );
  return fromText ? guidance.safetyAlerts.find((alert) => alert.code === CALL_110_ALERT) : undefined;
}

/** What the draft's triage says to mind now: the alerts, then what never to do. */
function LiveGuidance({ guidance, dangerAnswered }: { guidance: TTriageResult; dangerAnswered: boolean }) {
  // SafetyAlerts leaves out call-110-now, expecting the 110 banner; when only the text says so, the
  // banner above the form (driven by the answer) is not there, so it is shown here.
  const danger = dangerAnswered ? undefined : dangerReadInText(guidance);
  return (
    <aside className="live-guidance" aria-labelledby="live-guidance-title">
      <p id="live-guidance-title" className="live-guidance__title">
        いま、気をつけてほしいこと
        <En>Please keep in mind</En>
      </p>
      {danger && <DangerNowBanner message={danger.message} />}
      <SafetyAlerts alerts={guidance.safetyAlerts} />
      <DoNotAdvice items={guidance.advice.doNot} headingLevel={3} />
    </aside>
  );
}

function IntakeFormView({
  state,
  formAction,
  pending,
  enhanced,
  idempotencyKey,
  fetchPreview,
  cleared,
  onClear,
}: TIntakeFormViewProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const headingRefs = useRef<(HTMLHeadingElement | null)[]>([]);
  const [live, setLive] = useState<TIntakeFormValues>(state.values);
  const clearedRef = useRef<HTMLParagraphElement>(null);
  const [step, setStep] = useState(0);
  // The furthest step "next" has let the person into: Forward and a reload go no further.
  const [reached, setReached] = useState(0);
  // The tab's draft has been read (before that, saving would overwrite it with an empty form).
  const [restored, setRestored] = useState(false);
  const [clientErrors, setClientErrors] = useState<readonly TFieldError[]>([]);
  const [moved, setMoved] = useState(false);

  const failed = state.status === 'failed' ? state : undefined;
  // After a failed submit every section is shown, like without JavaScript, so each error is in view.
  const stepped = enhanced && !failed;
  const errors = useMemo(
    () => firstMessageByField(failed ? failed.fields : clientErrors),
    [failed, clientErrors],
  );

  const draft = useMemo(() => previewDraft(live), [live]);
  const guidance = useTriagePreview(enhanced ? draft : null, fetchPreview);
  const inDanger = singleValue(live, 'answers.inDangerNow') === 'yes';
  const age = enteredAge(live);

  useEffect(() => {
    const form = formRef.current;
    if (!enhanced || !form) {
      return;
    }
    // What this tab kept (a reload, or Back from another page) is put back, unless the server has just
    // answered with what it received.
    const draft = failed ? undefined : loadIntakeDraft();
    if (draft) {
      fillForm(form, draft.values);
    }
    // On a slow phone people may type before the page's JavaScript has loaded: start from the form.
    setLive(valuesFromFormData(new FormData(form)));
    if (!failed) {
      const last = draft?.reached ?? 0;
      const start = Math.min(stepInAddress() ?? 0, last);
      setReached(last);
      setStep(start);
      if (stepAddress(start) !== `${window.location.pathname}${window.location.search}`) {
        window.history.replaceState(historyMark(), '', stepAddress(start));
      }
    }
    setRestored(true);
    // `failed` is fixed for this view (a new server reply mounts a new one).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enhanced]);

  useEffect(() => {
    if (restored) {
      // From the form itself, not the state this render saw: a save that runs late (as the page unloads)
      // must not put back an older answer over a newer one.
      const form = formRef.current;
      saveIntakeDraft({ step, reached, values: form ? valuesFromFormData(new FormData(form)) : live });
    }
  }, [restored, step, reached, live]);

  useEffect(() => {
    if (!restored) {
      return undefined;
    }
    // A reload or leaving the page right after typing can come before React has saved the last keystrokes:
    // save what the form holds as the page goes away (the draft is still this tab's only).
    const onPageHide = () => {
      const form = formRef.current;
      if (form) {
        saveIntakeDraft({ step, reached, values: valuesFromFormData(new FormData(form)) });
      }
    };
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, [restored, step, reached]);

  useEffect(() => {
    if (cleared) {
      clearedRef.current?.focus();
    }
  }, [cleared]);

  useEffect(() => {
    if (!stepped) {
      return undefined;
    }
    // Browser Back and Forward move between the steps (each is a history entry), answers kept.
    const onPopState = () => {
      const wanted = stepInAddress() ?? 0;
      const shown = Math.min(wanted, reached);
      setClientErrors([]);
      setMoved(true);
      setStep(shown);
      if (shown !== wanted) {
        window.history.replaceState(historyMark(), '', stepAddress(shown));
      }
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [stepped, reached]);

  useEffect(() => {
    // Moving between steps puts focus on the new step's heading ("ステップ 2 / 5 …"), so keyboard and
    // screen-reader users land at its start; not on the first render.
    if (moved) {
      headingRefs.current[step]?.focus();
    }
  }, [step, moved]);

  const readForm = () => (formRef.current ? valuesFromFormData(new FormData(formRef.current)) : live);

  const goTo = (target: number) => {
    const next = Math.max(0, Math.min(LAST_STEP, target));
    setClientErrors([]);
    setMoved(true);
    if (next === step) {
      return;
    }
    window.history.pushState({ intakeFrom: step } satisfies THistoryMark, '', stepAddress(next));
    setStep(next);
  };

  const goBack = () => {
    // Straight after "next", the step before is the previous history entry: going there keeps Back and
    // Forward in step with the form's own button.
    if (historyMark().intakeFrom === step - 1) {
      window.history.back();
      return;
    }
    goTo(step - 1);
  };

  const goNext = () => {
    const current = INTAKE_STEPS[step] ?? 'what';
    const problems = stepErrors(readForm(), current);
    setClientErrors(problems);
    const first = problems.map((problem) => fieldForErrorPath(problem.path)).find(Boolean);
    if (first) {
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    setReached((last) => Math.max(last, step + 1));
    goTo(step + 1);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Enter in a text box submits a form; in the middle of the steps it means "next" instead.
    if (stepped && step < LAST_STEP) {
      event.preventDefault();
      goNext();
    }
  };

  const stepProps: TStepProps = { values: state.values, live, errors, adaptive: enhanced };
  const sections: Record<TIntakeStep, ReactNode> = {
    what: <StepWhat {...stepProps} />,
    questions: <StepQuestions {...stepProps} />,
    about: <StepAbout {...stepProps} />,
    contact: <StepContact {...stepProps} />,
    confirm: (
      <>
        {stepped ? (
          <>
            <p>送る前に、書いた内容をたしかめてください。</p>
            <En as="p">Please check what you wrote before sending.</En>
            <IntakeSummary values={live} titles={STEP_TITLES} onEdit={goTo} />
          </>
        ) : (
          <>
            <p>送る前に、書いた内容をもう一度たしかめてください。</p>
            <En as="p">Please check what you wrote once more before sending.</En>
          </>
        )}
      </>
    ),
  };

  return (
    <div className="intake">
      <h1>
        相談する
        <En>Start a consultation</En>
      </h1>
      <div className="intake__intro">
        <p>わかるところだけでだいじょうぶです。むずかしいところは、とばしてください。</p>
        <En as="p">Fill in what you can. You can skip anything that is hard to answer.</En>
      </div>

      {failed && (
        <ErrorSummary title={failed.message} items={summaryItems(failed.fields)} focusKey={failed.attempt} />
      )}
      {failed?.unavailable && <CallNow retryAfterSeconds={failed.retryAfterSeconds} />}

      {stepped && (
        <ol className="progress" aria-label="進みぐあい / Progress">
          {INTAKE_STEPS.map((name, index) => (
            <li
              key={name}
              className={index < step ? 'progress__done' : index === step ? 'progress__current' : undefined}
              aria-current={index === step ? 'step' : undefined}
            >
              <span aria-hidden="true">{index + 1}</span>
              <span className="visually-hidden">{`${STEP_TITLES[name].ja} / ${STEP_TITLES[name].en}`}</span>
            </li>
          ))}
        </ol>
      )}

      <div className="guidance-banners">
        {inDanger && <DangerNowBanner />}
        <div role="status">{age !== undefined && age <= 18 && <ChildlineBanner />}</div>
      </div>

      <form
        ref={formRef}
        action={formAction}
        onSubmit={onSubmit}
        onChange={() => setLive(readForm())}
        noValidate
        className="intake-form"
      >
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        {INTAKE_STEPS.map((name, index) => (
          <section
            key={name}
            className="step"
            aria-labelledby={`step-${name}-title`}
            hidden={stepped && index !== step}
          >
            <h2
              id={`step-${name}-title`}
              tabIndex={-1}
              ref={(element) => {
                headingRefs.current[index] = element;
              }}
            >
              <span className="step__count">
                ステップ {index + 1} / {INTAKE_STEPS.length}
              </span>
              {STEP_TITLES[name].ja}
              <En>
                Step {index + 1} of {INTAKE_STEPS.length}: {STEP_TITLES[name].en}
              </En>
            </h2>
            {sections[name]}
          </section>
        ))}

        {/* Above the step's button: read before moving on, not found after it (people stop at the button). */}
        {enhanced && guidance && <LiveGuidance guidance={guidance} dangerAnswered={inDanger} />}

        <div className="step-nav">
          {stepped && step > 0 && (
            <button type="button" className="button button--secondary" onClick={goBack}>
              もどる
              <En>Back</En>
            </button>
          )}
          {/* Distinct keys: were "next" turned into "send" in place, the browser would finish the click on
              "next" as a submit of the form (its type changes before the click's default action runs). */}
          {stepped && step < LAST_STEP ? (
            <button key="next" type="button" className="button button--primary" onClick={goNext}>
              次へ
              <En>Next</En>
            </button>
          ) : (
            <button key="send" type="submit" className="button button--primary" disabled={pending}>
              {pending ? '送っています…' : 'この内容で送る'}
              <En>{pending ? 'Sending…' : 'Send'}</En>
            </button>
          )}
        </div>
      </form>

      {enhanced && (
        <div className="draft-note">
          {cleared && (
            <p ref={clearedRef} tabIndex={-1} role="status" className="draft-note__done">
              この端末から消しました。
              <En>Cleared from this device.</En>
            </p>
          )}
          <p>
            書いたことは、このタブを閉じるまで、この端末にだけ残ります。ほかの人も使う端末なら、おわったら消してください。
          </p>
          <En as="p">
            What you write stays only on this device, until you close this tab. If others use this device,
            clear it when you are done.
          </En>
          <button type="button" className="button button--small" onClick={onClear}>
            この端末から消す
            <En>Clear this device</En>
          </button>
        </div>
      )}
    </div>
  );
}
