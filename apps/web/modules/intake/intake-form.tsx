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

  if (state.status === 'submitted') {
    return (
      <IntakeReceipt
        receipt={state.receipt}
        windows={state.windows}
        age={state.age}
        courtPapersReceived={state.courtPapersReceived}
      />
    );
  }
  return (
    <IntakeFormView
      // A new reply from the server fills the form in afresh with what it received.
      key={state.status === 'failed' ? state.attempt : 'new'}
      state={state}
      formAction={formAction}
      pending={pending}
      enhanced={enhanced}
      idempotencyKey={state.status === 'failed' ? state.idempotencyKey : idempotencyKey}
      fetchPreview={fetchPreview}
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
};

const LAST_STEP = INTAKE_STEPS.length - 1;

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
}: TIntakeFormViewProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const headingRefs = useRef<(HTMLHeadingElement | null)[]>([]);
  const [live, setLive] = useState<TIntakeFormValues>(state.values);
  const [step, setStep] = useState(0);
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
    // On a slow phone people may type before the page's JavaScript has loaded: start from the form.
    if (enhanced && formRef.current) {
      setLive(valuesFromFormData(new FormData(formRef.current)));
    }
  }, [enhanced]);

  useEffect(() => {
    // Moving between steps puts focus on the new step's heading ("ステップ 2 / 5 …"), so keyboard and
    // screen-reader users land at its start; not on the first render.
    if (moved) {
      headingRefs.current[step]?.focus();
    }
  }, [step, moved]);

  const readForm = () => (formRef.current ? valuesFromFormData(new FormData(formRef.current)) : live);

  const goTo = (next: number) => {
    setClientErrors([]);
    setMoved(true);
    setStep(Math.max(0, Math.min(LAST_STEP, next)));
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
      <p>わかるところだけでだいじょうぶです。むずかしいところは、とばしてください。</p>
      <En as="p">Fill in what you can. You can skip anything that is hard to answer.</En>

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
            <button type="button" className="button button--secondary" onClick={() => goTo(step - 1)}>
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
    </div>
  );
}
