import { DEFAULT_DESK_SCHEDULE, DEFAULT_RESPONSE_TARGETS, type TDeskSettings } from '@madoguchi/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { navItemsFor } from '../dashboard/roles';
import { updateDeskSettings } from './desk-actions';
import { draftToDeskSettings, toDeskDraft } from './desk-draft';
import { DeskSettingsForm } from './desk-settings-form';

jest.mock('next/navigation', () => ({ useRouter: () => ({ push: jest.fn(), refresh: jest.fn() }) }));
jest.mock('./desk-actions', () => ({ updateDeskSettings: jest.fn() }));
jest.mock('../auth/idle-warning', () => ({ markServerActivity: jest.fn() }));

const update = updateDeskSettings as jest.MockedFunction<typeof updateDeskSettings>;
const SETTINGS: TDeskSettings = { schedule: DEFAULT_DESK_SCHEDULE, targets: DEFAULT_RESPONSE_TARGETS };

beforeEach(() => update.mockReset());

async function save() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: /保存/ }));
  });
}

describe('DeskSettingsForm', () => {
  it('shows the weekly hours, the closures and a target per urgency, emergencies in wall-clock minutes', () => {
    render(<DeskSettingsForm settings={SETTINGS} />);
    expect(screen.getAllByTestId('desk-period')).toHaveLength(5);
    expect(screen.getByLabelText(/1行目の開始/)).toHaveValue('09:00');
    expect(screen.getByRole('checkbox', { name: /祝日は休み/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /年末年始/ })).toBeChecked();
    const rows = screen.getAllByTestId('desk-target');
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      '緊急 Emergency',
      '高 High',
      '通常 Normal',
      '低 Low',
    ]);
    expect(rows[0]).toHaveTextContent('分(実時間)');
    expect(within(rows[0]!).queryByRole('combobox')).toBeNull();
    expect(screen.getByLabelText(/高の単位/)).toHaveValue('desk_hours');
    expect(screen.getByLabelText(/通常の目標/)).toHaveValue('2');
  });

  it('sends what the admin changed, as the contract reads it', async () => {
    update.mockResolvedValue({ ok: true, message: { ja: '保存しました', en: 'Saved' }, data: SETTINGS });
    render(<DeskSettingsForm settings={SETTINGS} />);
    fireEvent.change(screen.getByLabelText(/1行目の終了/), { target: { value: '18:00' } });
    fireEvent.change(screen.getByLabelText(/高の目標/), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText(/低の単位/), { target: { value: 'desk_hours' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /年末年始/ }));
    await save();
    const sent = update.mock.calls[0]![0] as TDeskSettings;
    expect(sent.schedule.hours).toMatchObject({ kind: 'weekly' });
    expect(sent.schedule.hours.kind === 'weekly' && sent.schedule.hours.periods[0]).toEqual({
      day: 1,
      open: '09:00',
      close: '18:00',
    });
    expect(sent.schedule.closures).toEqual({ yearEnd: false, nationalHolidays: true });
    expect(sent.targets).toEqual({
      emergency: { unit: 'wall_minutes', amount: 15 },
      high: { unit: 'desk_hours', amount: 3 },
      normal: { unit: 'desk_days', amount: 2 },
      low: { unit: 'desk_hours', amount: 5 },
    });
    expect(screen.getByRole('status')).toHaveTextContent('保存しました');
  });

  it('shows each error under its field, marked invalid and announced with it', async () => {
    update.mockResolvedValue({
      ok: false,
      message: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' },
      fields: [
        {
          path: 'targets.high.amount',
          code: 'invalid_type',
          message: { ja: '数字で書いてください', en: 'Please enter a number' },
        },
        {
          path: 'schedule.hours.periods.0.close',
          code: 'invalid_format',
          message: { ja: '書き方が正しくないようです', en: 'This is not in the expected format' },
        },
      ],
      conflict: false,
    });
    render(<DeskSettingsForm settings={SETTINGS} />);
    fireEvent.change(screen.getByLabelText(/高の目標/), { target: { value: 'すぐ' } });
    await save();
    const high = screen.getByLabelText(/高の目標/);
    expect(high).toHaveAttribute('aria-invalid', 'true');
    expect(high).toHaveAccessibleDescription(/数字で書いてください/);
    expect(high).toHaveValue('すぐ');
    expect(screen.getByLabelText(/1行目の終了/)).toHaveAccessibleDescription(/書き方が正しくない/);
    expect(screen.getByLabelText(/通常の目標/)).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('入力内容を確認してください');
  });
});

describe('desk draft', () => {
  it('round-trips the settings and keeps a typed non-number for the schema to report', () => {
    expect(draftToDeskSettings(toDeskDraft(SETTINGS))).toEqual(SETTINGS);
    const draft = toDeskDraft(SETTINGS);
    draft.targets.high.amount = '４';
    draft.targets.low.amount = '2日';
    draft.closures.dates = '2026-08-14\n2026-08-15';
    const body = draftToDeskSettings(draft) as {
      targets: TDeskSettings['targets'];
      schedule: TDeskSettings['schedule'];
    };
    expect(body.targets.high.amount).toBe(4);
    expect(body.targets.low.amount).toBe('2日');
    expect(body.schedule.closures.dates).toEqual(['2026-08-14', '2026-08-15']);
  });

  it('is in the admin menu for admins only', () => {
    expect(navItemsFor('admin').map((item) => item.href)).toContain('/admin/desk');
    expect(navItemsFor('supervisor').map((item) => item.href)).not.toContain('/admin/desk');
  });
});
