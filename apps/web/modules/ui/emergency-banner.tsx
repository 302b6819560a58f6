import { En } from './en';

/** Shown above everything else on public pages: a web form is never the way to get help in an emergency. */
export function EmergencyBanner() {
  return (
    <aside className="emergency" aria-labelledby="emergency-heading">
      <div className="container emergency__inner">
        <p id="emergency-heading" className="emergency__text">
          <strong>いま危険を感じているときは、すぐに110番に電話してください。</strong>
          <En>If you are in danger right now, call the police on 110.</En>
        </p>
        <a className="button button--emergency" href="tel:110">
          110番に電話する
          <En>Call 110</En>
        </a>
      </div>
    </aside>
  );
}
