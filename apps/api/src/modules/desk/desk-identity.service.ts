import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  DESK_IDENTITY_PLACEHOLDER_FIELDS,
  type TDeskIdentity,
  type TDeskIdentityView,
} from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import { ApiConfig } from '../../config/api-config';
import { CENTRE_PLACEHOLDERS } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { DeskRepository } from './desk.repository';

/** Read at most this often: another API process sees an admin's change within half a minute. */
const CACHE_MS = 30_000;

/**
 * The desk's own name, address, phone and e-mail: the sender on referral letters and the person's copy.
 * An admin's saved identity wins; until there is one, the CENTRE_* environment (whose defaults are placeholders).
 */
@Injectable()
export class DeskIdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeskIdentityService.name);
  private readonly fromEnv: TDeskIdentity;
  private cached: { at: number; view: TDeskIdentityView } | undefined;

  constructor(
    private readonly repository: DeskRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    config: ApiConfig,
  ) {
    const { env } = config;
    this.fromEnv = {
      name: env.CENTRE_NAME,
      address: env.CENTRE_ADDRESS,
      phone: env.CENTRE_PHONE,
      email: env.CENTRE_EMAIL,
    };
  }

  /** A desk still printing the example sender is told so at start, not by a window that got a letter from it. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const { placeholders, source } = await this.view();
      if (placeholders.length > 0) {
        this.logger.warn(
          `The desk's own ${placeholders.join(', ')}: still Madoguchi's example value ` +
            `(from ${source === 'env' ? 'the CENTRE_* defaults' : 'the desk settings'}); referral ` +
            'letters would name a desk that does not exist. Set them on /admin/desk or with CENTRE_NAME, ' +
            'CENTRE_ADDRESS and CENTRE_PHONE.',
        );
      }
    } catch (error) {
      // A database that is not there yet must not stop the boot: the health check reports it.
      this.logger.warn(`Could not check the desk's identity at start: ${String(error)}`);
    }
  }

  async identity(): Promise<TDeskIdentity> {
    return (await this.view()).identity;
  }

  async view(): Promise<TDeskIdentityView> {
    const now = this.clock.now().getTime();
    if (this.cached && now >= this.cached.at && now - this.cached.at < CACHE_MS) {
      return this.cached.view;
    }
    const saved = await this.repository.findIdentity();
    const identity = saved ?? this.fromEnv;
    const view: TDeskIdentityView = {
      identity,
      source: saved ? 'settings' : 'env',
      placeholders: DESK_IDENTITY_PLACEHOLDER_FIELDS.filter(
        (field) => identity[field].trim() === CENTRE_PLACEHOLDERS[field],
      ),
    };
    this.cached = { at: now, view };
    return view;
  }

  /** An admin's change, audited with the identity before and after (the desk's, not a person's, details). */
  async update(identity: TDeskIdentity): Promise<TDeskIdentityView> {
    const before = await this.view();
    await this.repository.saveIdentity(identity);
    this.cached = undefined;
    await this.audit.record({
      action: 'desk.identity_changed',
      entity: 'desk_identity',
      meta: { before: before.identity, after: identity },
    });
    return this.view();
  }
}
