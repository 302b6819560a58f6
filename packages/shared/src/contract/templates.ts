import {
  ZCreateMessageTemplate,
  ZMessageTemplate,
  ZMessageTemplateList,
  ZMessageTemplateParams,
  ZMessageTemplatesQuery,
  ZTemplateFill,
  ZTemplateFillQuery,
  ZUpdateMessageTemplate,
} from '../message-templates';
import { route } from './route';

/** Message and note templates: admins manage them, every staff member uses the active ones on a case. */
export const templatesContract = {
  list: route({
    operationId: 'listMessageTemplates',
    tag: 'templates',
    method: 'GET',
    path: '/templates',
    summary: 'Active message and note templates, by title (includeInactive=true: all, for templates.manage)',
    access: 'cases.work',
    query: ZMessageTemplatesQuery,
    reply: ZMessageTemplateList,
    errors: ['forbidden'],
  }),
  get: route({
    operationId: 'getMessageTemplate',
    tag: 'templates',
    method: 'GET',
    path: '/templates/:id',
    summary: 'One template, active or not (to edit it)',
    access: 'templates.manage',
    params: ZMessageTemplateParams,
    reply: ZMessageTemplate,
    errors: ['not_found'],
  }),
  create: route({
    operationId: 'createMessageTemplate',
    tag: 'templates',
    method: 'POST',
    path: '/templates',
    summary: 'Add a template; unknown {{placeholders}} are refused with a field error on body. Audited.',
    access: 'templates.manage',
    body: ZCreateMessageTemplate,
    reply: ZMessageTemplate,
  }),
  update: route({
    operationId: 'updateMessageTemplate',
    tag: 'templates',
    method: 'PATCH',
    path: '/templates/:id',
    summary: 'Edit, deactivate or reactivate a template (placeholders checked as on create). Audited.',
    access: 'templates.manage',
    params: ZMessageTemplateParams,
    body: ZUpdateMessageTemplate,
    reply: ZMessageTemplate,
    errors: ['not_found'],
  }),
  fill: route({
    operationId: 'fillMessageTemplate',
    tag: 'templates',
    method: 'GET',
    path: '/templates/:id/fill',
    summary:
      "An active template's text with its placeholders filled for a case (window: the case's latest referral, " +
      "else triage's first suggestion; hours as the directory writes them). Audited as a read of the case.",
    access: 'cases.work',
    params: ZMessageTemplateParams,
    query: ZTemplateFillQuery,
    reply: ZTemplateFill,
    errors: ['not_found'],
  }),
};
