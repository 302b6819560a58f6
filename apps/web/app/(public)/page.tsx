import Link from 'next/link';

import { En } from '../../modules/ui/en';

// A plain synchronous server component: it renders to static HTML at build time, works without
// JavaScript, and renders as-is in tests.
export default function LandingPage() {
  return (
    <div className="container stack">
      <section className="hero" aria-labelledby="page-title">
        <h1 id="page-title">
          ネットトラブルの相談窓口
          <En>A help desk for internet trouble</En>
        </h1>
        <p>
          詐欺、架空請求、フィッシング、脅し、ネットいじめなど、インターネットで困ったことを相談できます。
        </p>
        <En as="p">
          Online fraud, fake bills, phishing, threats, bullying on the internet: tell us what happened.
        </En>
        {/* Right under the first lines, so on a phone it is on the first screen without scrolling. */}
        <Link className="button button--primary" href="/intake">
          相談する
          <En>Start a consultation</En>
        </Link>
        <p>
          相談員が内容を読んで、次にできることや、くわしい専門の窓口をお知らせします。ひとりで悩まず、まずは相談してください。
        </p>
        <En as="p">
          A counsellor reads it and lets you know what you can do next and which specialist desk can help. You
          do not have to deal with it alone.
        </En>
      </section>

      <section aria-labelledby="more-title">
        <h2 id="more-title">
          ほかにできること
          <En>Other things you can do here</En>
        </h2>
        <ul className="link-list">
          <li>
            <Link className="link-card" href="/status">
              <span className="link-card__title">
                受付番号で状況を確認
                <En>Check your case status</En>
              </span>
              <span className="link-card__text">
                相談したときにお知らせした受付番号で、いまの状況を確かめられます。
                <En>Use the reference number you were given to see where your case stands.</En>
              </span>
            </Link>
          </li>
          <li>
            <Link className="link-card" href="/windows">
              <span className="link-card__title">
                相談窓口の一覧
                <En>Directory of help desks</En>
              </span>
              <span className="link-card__text">
                警察や消費生活センターなど、内容に合った専門の窓口と受付時間を探せます。
                <En>
                  Find the specialist desk for your problem, such as the police or a consumer centre, and when
                  it is open.
                </En>
              </span>
            </Link>
          </li>
        </ul>
      </section>

      <section aria-labelledby="anonymous-title">
        <h2 id="anonymous-title">
          名前を出さずに相談できます
          <En>You can consult anonymously</En>
        </h2>
        <p>
          名前や連絡先を書かなくても相談できます。連絡先を書かないときは、こちらから返事ができないので、相談のあとに表示される受付番号を控えておいてください。
        </p>
        <En as="p">
          You do not have to give your name or contact details. Without contact details we cannot reply to
          you, so keep the reference number shown after you send your consultation.
        </En>
      </section>

      <section className="children" aria-labelledby="children-title">
        <h2 id="children-title">
          こどものみなさんへ
          <En>For children</En>
        </h2>
        <p>
          ひとりでなやまないでね。18さいまでの人は、チャイルドラインに電話できます。電話代はかかりません。名前は言わなくてだいじょうぶです。毎日、夕方4時から夜9時まで話を聞いてくれます。
        </p>
        <En as="p">
          If you are 18 or younger, you can call Childline. The call is free and you do not have to say your
          name. Every day, 4 pm to 9 pm.
        </En>
        <a className="button button--secondary" href="tel:0120997777">
          チャイルドライン 0120-99-7777
          <En>Call Childline (free)</En>
        </a>
      </section>
    </div>
  );
}
