/** A TOTP key in groups of four, as authenticator apps show and accept it when typed by hand. */
export function groupedSecret(secret: string): string {
  return (secret.replace(/[\s=]/g, '').match(/.{1,4}/g) ?? []).join(' ');
}
