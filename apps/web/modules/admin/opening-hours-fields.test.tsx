import type { TWeeklyPeriod } from '@madoguchi/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';

import {
  ClosuresEditor,
  HoursKindChoice,
  type TClosuresDraft,
  WeeklyPeriodsEditor,
} from './opening-hours-fields';

function Hours({ initial }: { initial: TWeeklyPeriod[] }) {
  const [state, setState] = useState<{ hoursKind: 'weekly' | 'always'; periods: TWeeklyPeriod[] }>({
    hoursKind: 'always',
    periods: initial,
  });
  return (
    <>
      <HoursKindChoice
        name="kind"
        options={[
          ['weekly', '曜日ごと / Weekly'],
          ['always', '24時間 / Always open'],
        ]}
        kind={state.hoursKind}
        periods={state.periods}
        onChange={setState}
      />
      {state.hoursKind === 'weekly' ? (
        <WeeklyPeriodsEditor
          periods={state.periods}
          onChange={(periods) => setState((current) => ({ ...current, periods }))}
          rowTestId="period"
        />
      ) : null}
    </>
  );
}

function Closures({ count }: { count: number }) {
  const [closures, setClosures] = useState<TClosuresDraft>({
    yearEnd: true,
    nationalHolidays: false,
    dates: '',
  });
  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        <ClosuresEditor key={index} closures={closures} onChange={setClosures} />
      ))}
    </>
  );
}

describe('opening hours fields', () => {
  it('starts weekly hours at Monday to Friday, 9:00–17:00, and adds and removes periods', () => {
    render(<Hours initial={[]} />);
    fireEvent.click(screen.getByRole('radio', { name: /曜日ごと/ }));
    expect(screen.getAllByTestId('period')).toHaveLength(5);
    expect(screen.getByRole('combobox', { name: /1行目の曜日/ })).toHaveValue('1');
    expect(screen.getByRole('textbox', { name: /5行目の終了/ })).toHaveValue('17:00');

    fireEvent.change(screen.getByRole('textbox', { name: /2行目の開始/ }), {
      target: { value: '１０:３０' },
    });
    expect(screen.getByRole('textbox', { name: /2行目の開始/ })).toHaveValue('10:30');

    fireEvent.click(screen.getAllByRole('button', { name: /削除/ })[0]!);
    expect(screen.getAllByTestId('period')).toHaveLength(4);
    expect(screen.getByRole('textbox', { name: /1行目の開始/ })).toHaveValue('10:30');
    fireEvent.click(screen.getByRole('button', { name: /時間帯を追加/ }));
    expect(screen.getAllByTestId('period')).toHaveLength(5);
  });

  it('keeps the periods already there when weekly hours are chosen again', () => {
    render(<Hours initial={[{ day: 6, open: '10:00', close: '24:00' }]} />);
    fireEvent.click(screen.getByRole('radio', { name: /曜日ごと/ }));
    expect(screen.getAllByTestId('period')).toHaveLength(1);
    expect(screen.getByRole('textbox', { name: /1行目の終了/ })).toHaveValue('24:00');
  });

  it('labels each closures editor’s dates on its own when there is more than one on the page', () => {
    render(<Closures count={2} />);
    const dates = screen.getAllByRole('textbox', { name: /そのほかの休業日/ });
    expect(dates).toHaveLength(2);
    expect(dates[0]!.id).not.toBe(dates[1]!.id);
    fireEvent.click(screen.getAllByRole('checkbox', { name: /祝日は休み/ })[0]!);
    expect(screen.getAllByRole('checkbox', { name: /祝日は休み/ })[1]).toBeChecked();
    expect(screen.getAllByRole('checkbox', { name: /年末年始/ })[0]).toBeChecked();
  });

  it('shows an error about a whole period under its opening time, and the dates’ error under the dates', () => {
    const byPath = new Map([
      ['hours.0', { ja: '終了は開始より後にしてください', en: 'Close after opening' }],
      ['closures.dates', { ja: '日付の書き方が正しくありません', en: 'Not a date' }],
    ]);
    render(
      <>
        <WeeklyPeriodsEditor
          periods={[{ day: 1, open: '17:00', close: '09:00' }]}
          onChange={jest.fn()}
          errors={{ path: 'hours', byPath }}
          rowTestId="period"
        />
        <ClosuresEditor
          closures={{ yearEnd: false, nationalHolidays: false, dates: '8/14' }}
          onChange={jest.fn()}
          errors={{ path: 'closures', byPath }}
        />
      </>,
    );
    const opens = screen.getByRole('textbox', { name: /1行目の開始/ });
    expect(opens).toHaveAttribute('aria-invalid', 'true');
    expect(opens).toHaveAccessibleDescription(/終了は開始より後/);
    expect(screen.getByRole('textbox', { name: /1行目の終了/ })).not.toHaveAttribute('aria-invalid');
    const dates = screen.getByRole('textbox', { name: /そのほかの休業日/ });
    expect(dates).toHaveAttribute('aria-invalid', 'true');
    expect(dates).toHaveAccessibleDescription(/日付の書き方が正しくありません/);
  });
});
