import type { TLocalized } from '@madoguchi/shared';

import { En } from './en';
import { errorId } from './form-field';

/** The message under a field; the field points at it with aria-describedby and sets aria-invalid. */
export function FieldError({ name, message }: { name: string; message: TLocalized | undefined }) {
  if (!message) {
    return null;
  }
  return (
    <p id={errorId(name)} className="field-error">
      <span className="visually-hidden">エラー: </span>
      {message.ja}
      <En>{message.en}</En>
    </p>
  );
}
