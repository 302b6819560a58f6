import { seedWindow } from '../../../../../packages/shared/src/testing/seed-windows';
import { hoursText } from './hours-text';

describe('hoursText', () => {
  it('groups days with the same hours and adds holidays and closures', () => {
    expect(hoursText(seedWindow('consumer-188'))).toBe(
      '月〜金 9:00〜17:00 / 土・日 10:00〜16:00 / 祝日 10:00〜16:00 / 年末年始(12月29日〜1月3日)は休み',
    );
    expect(hoursText(seedWindow('jadma'))).toMatch(/^月〜金 10:00〜12:00、13:00〜16:00 \/ 祝日・年末年始/);
  });

  it('says so when the window never closes, has no live hours or hours unknown to the desk', () => {
    expect(hoursText(seedWindow('police-110'))).toBe('24時間・年中無休');
    expect(hoursText(seedWindow('ihaho'))).toContain('電話での受付はありません');
    expect(hoursText(seedWindow('houterasu'))).toBe('受付時間は窓口にお問い合わせください');
  });

  it('does not group days that are not next to each other in the week', () => {
    expect(
      hoursText({
        hours: {
          kind: 'weekly',
          periods: [
            { day: 1, open: '09:00', close: '12:00' },
            { day: 3, open: '09:00', close: '12:00' },
            { day: 4, open: '09:00', close: '12:00' },
          ],
        },
        closures: { yearEnd: false, nationalHolidays: false },
      }),
    ).toBe('月 9:00〜12:00 / 水・木 9:00〜12:00');
  });
});
