import { Module } from '@nestjs/common';
import { PersonRequestsRepository } from './person-requests.repository';

/**
 * The person_requests table's owner on its own, for the modules that write it: the person's requests
 * (PersonRequestsModule) and the shredder (RetentionModule), which clears the person's request texts with
 * the rest of a case's free text whatever the trigger.
 */
@Module({
  providers: [PersonRequestsRepository],
  exports: [PersonRequestsRepository],
})
export class PersonRequestsDataModule {}
