import {
  ZCreateRegistryEntry,
  ZRegistryEntry,
  ZRegistryIdParams,
  ZRegistryImportQuery,
  ZRegistryImportReport,
  ZRegistryPage,
  ZRegistryQuery,
  ZUpdateRegistryEntry,
} from '../registry-api.schema';
import { route } from './route';

export const registryContract = {
  list: route({
    operationId: 'listRegistry',
    tag: 'registry',
    method: 'GET',
    path: '/registry',
    summary: 'Known scam identifiers, filtered by kind and text, newest first',
    access: 'registry.read',
    query: ZRegistryQuery,
    reply: ZRegistryPage,
  }),
  create: route({
    operationId: 'createRegistryEntry',
    tag: 'registry',
    method: 'POST',
    path: '/registry',
    summary: 'Add a known scam identifier (normalised; an existing kind + value is a 409)',
    access: 'registry.manage',
    body: ZCreateRegistryEntry,
    reply: ZRegistryEntry,
    errors: ['conflict'],
  }),
  /**
   * The body is the CSV file itself (text/csv, UTF-8 or Shift_JIS), not JSON, so it has no schema here: the
   * controller documents it, and the web sends it as a raw body (`staffCall(route, input, { raw })`).
   */
  import: route({
    operationId: 'importRegistryCsv',
    tag: 'registry',
    method: 'POST',
    path: '/registry/import',
    summary: 'Import a CSV; dryRun (the default) reports what would happen and writes nothing',
    description:
      'The request body is the CSV file itself, `Content-Type: text/csv` (columns kind,value,source,note; UTF-8 or Shift_JIS).',
    access: 'registry.manage',
    query: ZRegistryImportQuery,
    reply: ZRegistryImportReport,
    status: 200,
    errors: ['bad_request', 'unsupported_media_type', 'payload_too_large'],
  }),
  update: route({
    operationId: 'updateRegistryEntry',
    tag: 'registry',
    method: 'PATCH',
    path: '/registry/:id',
    summary: 'Correct an entry (kind, value, source, note)',
    access: 'registry.manage',
    params: ZRegistryIdParams,
    body: ZUpdateRegistryEntry,
    reply: ZRegistryEntry,
    errors: ['not_found', 'conflict'],
  }),
  remove: route({
    operationId: 'removeRegistryEntry',
    tag: 'registry',
    method: 'DELETE',
    path: '/registry/:id',
    summary: 'Remove an entry',
    access: 'registry.manage',
    params: ZRegistryIdParams,
    reply: null,
    errors: ['not_found'],
  }),
};
