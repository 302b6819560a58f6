import { Injectable } from '@nestjs/common';

/**
 * The time as the API sees it. Everything time-based in sign-in (back-off, temporary passwords,
 * enrolment codes, the refresh grace window) asks this, so tests move time instead of sleeping.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
