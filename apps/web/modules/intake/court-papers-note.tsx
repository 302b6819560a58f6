import { En } from '../ui/en';
import { Rb } from './furigana-view';
import { RECEIPT_TEXTS } from './receipt-texts';

/**
 * For someone who answered that no court papers have come: a real claim arrives later in a 特別送達
 * envelope, and ignoring it loses the case by default (the fake notices come by postcard, SMS or
 * e-mail instead). One line, so it reminds without alarming.
 */
export function CourtPapersLaterNote() {
  return (
    <p className="inline-note">
      <span aria-hidden="true" className="inline-note__symbol">
        !
      </span>
      <Rb>{RECEIPT_TEXTS.courtPapersLater}</Rb>
      <En>
        If an envelope from a court marked &quot;special delivery&quot; (特別送達) comes later, do not leave
        it: ask for help straight away.
      </En>
    </p>
  );
}
