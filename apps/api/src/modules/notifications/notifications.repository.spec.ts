import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NotificationKind } from '@madoguchi/db';
import { NOTIFICATION_KINDS } from '@madoguchi/shared';
import { fromDbKind, toDbKind } from './notifications.repository';

describe('notification kinds in the database', () => {
  it('has one enum value per shared kind, stored as the kind itself', () => {
    expect(NOTIFICATION_KINDS.map(toDbKind).sort()).toEqual(Object.values(NotificationKind).sort());
    for (const kind of NOTIFICATION_KINDS) {
      expect(fromDbKind(toDbKind(kind))).toBe(kind);
    }
    // The database holds the dotted names (what raw SQL writes), not Prisma's identifiers.
    const schema = readFileSync(path.resolve(__dirname, '../../../../../prisma/schema.prisma'), 'utf8');
    for (const kind of NOTIFICATION_KINDS) {
      expect(schema).toMatch(new RegExp(`\\b${toDbKind(kind)}\\s+@map\\("${kind.replace('.', '\\.')}"\\)`));
    }
  });
});
