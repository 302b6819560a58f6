import { AppError } from '../../common/errors/app-error';
import type { FieldCrypto } from '../../common/crypto/field-crypto.service';
import type { JobsService } from '../jobs/jobs.service';
import type { HealthRepository } from './health.repository';
import { HealthService } from './health.service';

// The database itself is covered by health.e2e-spec.ts; here only what readiness makes of the data keys' state.
function service(keysState: FieldCrypto['keysState']) {
  return new HealthService(
    { ping: async () => undefined } as unknown as HealthRepository,
    { mode: 'off' } as unknown as JobsService,
    { keysState } as unknown as FieldCrypto,
  );
}

async function refusal(keysState: FieldCrypto['keysState']): Promise<AppError> {
  const error = await service(keysState)
    .ready()
    .then(() => undefined)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

it('is ready when the database answers and the data keys are open', async () => {
  await expect(service('open').ready()).resolves.toEqual({ status: 'ok', checks: { database: 'ok' } });
});

it('is not ready (503) while the data keys are still being opened, or when the KEK does not open them', async () => {
  for (const state of ['opening', 'failed'] as const) {
    const error = await refusal(state);
    expect(error.code).toBe('unavailable');
    expect(error.status).toBe(503);
    expect(error.options.details).toEqual({ reason: 'not_ready', checks: { database: 'ok', keys: state } });
  }
});
