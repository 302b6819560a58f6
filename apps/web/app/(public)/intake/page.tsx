import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';

import { submitIntakeAction } from '../../../modules/intake/intake-actions';
import { IntakeForm } from '../../../modules/intake/intake-form';

export const metadata: Metadata = { title: '相談する / Start a consultation' };

// Rendered per request: every visit gets its own submission key (see submitIntakeAction).
export const dynamic = 'force-dynamic';

export default function IntakePage() {
  return (
    <div className="container stack">
      <IntakeForm action={submitIntakeAction} idempotencyKey={randomUUID()} />
    </div>
  );
}
