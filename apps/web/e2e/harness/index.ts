// What browser test files (public pages now, the staff dashboard later) use.
export { stackDatabase } from './database';
export { startStack, freePort, type TStack, type TStackOptions } from './stack';
export {
  clientAddressHeader,
  closeBrowser,
  contentWidth,
  newPage,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  type TPageOptions,
  type TViolation,
  webUrl,
} from './browser';
export { pdfText } from './pdf';
export { newTotpSecret, nextTotp, totp } from './totp';
export { apiJson, createStaffUser, signInStaff, staffAccessToken, type TStaffUser } from './staff';
export { openStatus } from './status-page';
