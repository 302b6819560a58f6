import { AccessDenied } from '../../modules/dashboard/page-states';

/**
 * A staff page the signed-in role may not open: pages call forbidden() (next.config.ts enables authInterrupts)
 * before any data is read, and the page answers HTTP 403 with this inside the staff layout.
 */
export default function StaffForbidden() {
  return <AccessDenied />;
}
