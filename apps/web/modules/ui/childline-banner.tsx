import { En } from './en';

/** For anyone who gives an age of 18 or less: a free line where a child can talk without a name. */
export function ChildlineBanner() {
  return (
    <div className="alert-banner alert-banner--children">
      <p className="alert-banner__title">
        18さいまでの人へ
        <En>If you are 18 or younger</En>
      </p>
      <p>
        チャイルドラインに電話で話せます。電話代はかかりません。名前は言わなくてだいじょうぶです。毎日、夕方4時から夜9時まで。
      </p>
      <En as="p">
        You can talk to Childline. The call is free and you do not have to say your name. Every day, 4 pm to 9
        pm.
      </En>
      <a className="button button--secondary button--block" href="tel:0120997777">
        チャイルドライン <span className="nowrap">0120-99-7777</span>(無料)
        <En>Call Childline (free)</En>
      </a>
    </div>
  );
}
