import { ZDeskSettings } from '../desk-api.schema';
import { route } from './route';

export const deskContract = {
  getSettings: route({
    operationId: 'getDeskSettings',
    tag: 'desk',
    method: 'GET',
    path: '/desk/settings',
    summary:
      "The desk's opening hours and response targets per urgency (the defaults until an admin sets them)",
    access: 'cases.work',
    reply: ZDeskSettings,
  }),
  updateSettings: route({
    operationId: 'updateDeskSettings',
    tag: 'desk',
    method: 'PUT',
    path: '/desk/settings',
    summary: "Set the desk's opening hours and response targets (audited)",
    access: 'desk.manage',
    body: ZDeskSettings,
    reply: ZDeskSettings,
  }),
};
