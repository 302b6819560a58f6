import { groupedSecret } from './totp-secret';

describe('groupedSecret', () => {
  it('shows the key in groups of four, without base32 padding', () => {
    expect(groupedSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupedSecret('ABCDEFGHIJ==')).toBe('ABCD EFGH IJ');
    expect(groupedSecret('')).toBe('');
  });
});
