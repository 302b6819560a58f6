import { ZDeskIdentity, ZDeskIdentityView, ZDeskSettings } from '../desk-api.schema';
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
  getIdentity: route({
    operationId: 'getDeskIdentity',
    tag: 'desk',
    method: 'GET',
    path: '/desk/identity',
    summary:
      "The desk's own name, address, phone and e-mail (the sender on referral letters), where they come from, and which are still placeholders",
    access: 'desk.manage',
    reply: ZDeskIdentityView,
  }),
  updateIdentity: route({
    operationId: 'updateDeskIdentity',
    tag: 'desk',
    method: 'PUT',
    path: '/desk/identity',
    summary: "Set the desk's own name, address, phone and e-mail (audited)",
    access: 'desk.manage',
    body: ZDeskIdentity,
    reply: ZDeskIdentityView,
  }),
};
