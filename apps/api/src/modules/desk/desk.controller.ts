import { Body, Controller } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { DeskSettingsDto } from './desk.dto';
import { DeskService } from './desk.service';

const routes = contract.desk;

@Controller()
export class DeskController {
  constructor(private readonly desk: DeskService) {}

  @Endpoint(routes.getSettings)
  getSettings() {
    return this.desk.settings();
  }

  @Endpoint(routes.updateSettings)
  updateSettings(@Body() body: DeskSettingsDto) {
    return this.desk.update(body);
  }
}
