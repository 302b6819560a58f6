import type { TLocalized } from '@madoguchi/shared';

import type { TQrCode } from './qr-code';

/** Modules of white margin around the code: scanners need a quiet zone of four. */
const QUIET_ZONE = 4;

/** A QR code computed on the server (qr-code.ts), drawn as inline SVG; dark on white whatever the theme. */
export function QrCodeImage({ qr, label }: { qr: TQrCode; label: TLocalized }) {
  const extent = qr.size + QUIET_ZONE * 2;
  return (
    <svg
      className="qr-code"
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${extent} ${extent}`}
      role="img"
      aria-label={`${label.ja} / ${label.en}`}
      shapeRendering="crispEdges"
      data-testid="totp-qr"
    >
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={extent} height={extent} fill="#fff" />
      <path d={qr.path} fill="#000" />
    </svg>
  );
}
