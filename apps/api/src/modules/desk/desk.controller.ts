import { Body, Controller } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { DeskIdentityService } from './desk-identity.service';
import { DeskIdentityDto, DeskSettingsDto } from './desk.dto';
import { DeskService } from './desk.service';

const routes = contract.desk;

@Controller()
export class DeskController {
  constructor(
    private readonly desk: DeskService,
    private readonly identity: DeskIdentityService,
  ) {}

  @Endpoint(routes.getSettings)
  getSettings() {
    return this.desk.settings();
  }

  @Endpoint(routes.updateSettings)
  updateSettings(@Body() body: DeskSettingsDto) {
    return this.desk.update(body);
  }

  @Endpoint(routes.getIdentity)
  getIdentity() {
    return this.identity.view();
  }

  @Endpoint(routes.updateIdentity)
  updateIdentity(@Body() body: DeskIdentityDto) {
    return this.identity.update(body);
  }
}
