import type { TMailOutboxPage, TNotification, TNotificationPreferences } from '@madoguchi/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { navItemsFor } from '../dashboard/roles';
import { MailOutboxPanel } from './mail-outbox';
import {
  markAllNotificationsRead,
  markNotificationRead,
  updateNotificationPreferences,
} from './notification-actions';
import { NotificationBell } from './notification-bell';
import { NotificationPreferencesForm } from './notification-preferences-form';
import { NotificationsList } from './notifications-list';

jest.mock('next/navigation', () => ({ useRouter: () => ({ push: jest.fn(), refresh: jest.fn() }) }));
jest.mock('./notification-actions', () => ({
  markNotificationRead: jest.fn(),
  markAllNotificationsRead: jest.fn(),
  updateNotificationPreferences: jest.fn(),
}));
jest.mock('../auth/idle-warning', () => ({ markServerActivity: jest.fn() }));

const markRead = jest.mocked(markNotificationRead);
const markAll = jest.mocked(markAllNotificationsRead);
const savePreferences = jest.mocked(updateNotificationPreferences);

beforeEach(() => {
  markRead.mockReset();
  markAll.mockReset();
  savePreferences.mockReset();
});

const CASE_ID = '00000000-0000-4000-8000-0000000000c1';
const notifications: TNotification[] = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'case.assigned',
    caseId: CASE_ID,
    receiptNumber: 'K7QP-4MZT',
    referralId: null,
    referralNumber: null,
    createdAt: '2026-12-04T01:00:00.000Z',
    readAt: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    kind: 'referral.declined',
    caseId: '00000000-0000-4000-8000-0000000000c2',
    receiptNumber: 'H3RW-9XCD',
    referralId: '00000000-0000-4000-8000-0000000000a2',
    referralNumber: 'R-2026-000123',
    createdAt: '2026-12-03T01:00:00.000Z',
    readAt: '2026-12-03T02:00:00.000Z',
  },
];

describe('NotificationBell', () => {
  it('says how many are unread in its name and shows the count', () => {
    render(<NotificationBell unread={3} />);
    const bell = screen.getByRole('link', { name: /通知 3件 未読/ });
    expect(bell).toHaveAttribute('href', '/notifications');
    expect(bell).toHaveAccessibleName('通知 3件 未読 / Notifications, 3 unread');
    expect(screen.getByTestId('bell-count')).toHaveTextContent('3');
  });

  it('shows no count when nothing is unread, and caps a large one', () => {
    const { rerender } = render(<NotificationBell unread={0} />);
    expect(screen.getByRole('link')).toHaveAccessibleName('通知 未読なし / Notifications, none unread');
    expect(screen.queryByTestId('bell-count')).toBeNull();
    rerender(<NotificationBell unread={250} />);
    expect(screen.getByTestId('bell-count')).toHaveTextContent('99+');
    rerender(<NotificationBell unread={null} />);
    expect(screen.getByRole('link')).toHaveAccessibleName('通知 / Notifications');
  });
});

describe('NotificationsList', () => {
  it('links each notification to its case by number, unread ones marked in words', () => {
    render(<NotificationsList items={notifications} />);
    const [first, second] = screen.getAllByTestId('notification');
    expect(within(first!).getByRole('link', { name: /相談 K7QP-4MZT/ })).toHaveAttribute(
      'href',
      `/cases/${CASE_ID}`,
    );
    expect(first).toHaveTextContent('未読');
    expect(first).toHaveTextContent('担当に割り当てられました');
    expect(second).toHaveTextContent('R-2026-000123');
    expect(second).toHaveTextContent('紹介先が辞退しました');
    expect(second).not.toHaveTextContent('未読');
    expect(within(second!).queryByRole('button')).toBeNull();
  });

  it('marks one read, then all read', async () => {
    markRead.mockResolvedValue({
      ok: true,
      message: { ja: '既読にしました。', en: 'Marked as read.' },
      data: { ...notifications[0]!, readAt: '2026-12-04T02:00:00.000Z' },
    });
    render(<NotificationsList items={notifications} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /既読にする.*K7QP-4MZT/ }));
    });
    expect(markRead).toHaveBeenCalledWith({ id: notifications[0]!.id });
    expect(screen.getAllByTestId('notification')[0]).not.toHaveTextContent('未読');
    // Nothing unread is left: "mark all read" has nothing to do.
    expect(screen.getByRole('button', { name: /すべて既読にする/ })).toBeDisabled();
  });

  it('marks all read at once', async () => {
    markAll.mockResolvedValue({
      ok: true,
      message: { ja: '1件を既読にしました。', en: 'Marked 1 as read.' },
      data: { marked: 1, unreadCount: 0 },
    });
    render(<NotificationsList items={notifications} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /すべて既読にする/ }));
    });
    expect(markAll).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status')).toHaveTextContent('1件を既読にしました。');
    expect(screen.queryByRole('button', { name: /^既読にする/ })).toBeNull();
  });
});

describe('NotificationPreferencesForm', () => {
  const preferences: TNotificationPreferences = {
    emailEnabled: true,
    emailKinds: ['case.assigned', 'followup.due'],
  };

  it('sends e-mail off while keeping the chosen kinds for later', async () => {
    savePreferences.mockResolvedValue({
      ok: true,
      message: { ja: '保存しました', en: 'Saved' },
      data: { ...preferences, emailEnabled: false },
    });
    render(<NotificationPreferencesForm preferences={preferences} />);
    expect(screen.getByRole('checkbox', { name: /担当に割り当てられました/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /紹介先が辞退しました/ })).not.toBeChecked();
    fireEvent.click(screen.getByRole('checkbox', { name: /メールでも受け取る/ }));
    expect(screen.getByRole('checkbox', { name: /担当に割り当てられました/ })).toBeDisabled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /保存/ }));
    });
    expect(savePreferences).toHaveBeenCalledWith({
      emailEnabled: false,
      emailKinds: ['case.assigned', 'followup.due'],
    });
  });

  it('sends the kinds ticked, in the contract order', async () => {
    savePreferences.mockResolvedValue({
      ok: true,
      message: { ja: '保存しました', en: 'Saved' },
      data: preferences,
    });
    render(<NotificationPreferencesForm preferences={preferences} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /担当に割り当てられました/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /応答目標を過ぎました/ }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /保存/ }));
    });
    expect(savePreferences).toHaveBeenCalledWith({
      emailEnabled: true,
      emailKinds: ['followup.due', 'response.overdue'],
    });
  });
});

describe('MailOutboxPanel', () => {
  const page: TMailOutboxPage = {
    items: [
      {
        id: '00000000-0000-4000-8000-0000000000b1',
        kind: 'notification',
        notificationId: notifications[0]!.id,
        referralLinkId: null,
        to: 'counselor@desk.example.jp',
        subject: '[Madoguchi] 相談 K7QP-4MZT: 担当に割り当てられました / Assigned to you',
        text: '相談 K7QP-4MZT: 担当に割り当てられました。',
        status: 'failed',
        attempts: 6,
        lastError: 'connect ECONNREFUSED 127.0.0.1:25',
        createdAt: '2026-12-04T01:00:00.000Z',
        sentAt: null,
      },
      {
        id: '00000000-0000-4000-8000-0000000000b2',
        kind: 'referral_notice',
        notificationId: null,
        referralLinkId: '00000000-0000-4000-8000-0000000000c1',
        to: 'referrals@window.example.jp',
        subject: 'ご紹介のお知らせ R-2026-000123 / Referral notice',
        text: 'ネットトラブル相談窓口より、ご紹介(紹介番号 R-2026-000123)のお知らせです。',
        status: 'outbox',
        attempts: 0,
        lastError: null,
        createdAt: '2026-12-04T00:30:00.000Z',
        sentAt: null,
      },
    ],
    nextCursor: null,
    smtpConfigured: false,
    counts: { pending: 0, outbox: 4, sent: 10, failed: 1 },
  };

  it('shows each mail with its status, attempts and last error, and that mails are kept without SMTP', () => {
    render(<MailOutboxPanel page={page} />);
    expect(screen.getByText(/メールサーバー\(SMTP_URL\)が設定されていないため/)).toBeInTheDocument();
    const [row, notice] = screen.getAllByTestId('outbox-row');
    const cells = within(row!).getAllByRole('cell');
    expect(cells[1]).toHaveTextContent('counselor@desk.example.jp');
    expect(cells[1]).toHaveTextContent('スタッフへの通知');
    const noticeCells = within(notice!).getAllByRole('cell');
    expect(noticeCells[1]).toHaveTextContent('referrals@window.example.jp');
    expect(noticeCells[1]).toHaveTextContent('窓口への紹介のお知らせ / Referral notice to a window');
    expect(cells[3]).toHaveTextContent('送信失敗');
    expect(cells[4]).toHaveTextContent('6');
    expect(cells[5]).toHaveTextContent('connect ECONNREFUSED 127.0.0.1:25');
    expect(screen.getByTestId('outbox-counts')).toHaveTextContent(
      '未送信(SMTP未設定) / Held (no SMTP server)4',
    );
  });

  it('is in the menu of admins only', () => {
    expect(navItemsFor('admin').map((i) => i.href)).toContain('/admin/mail-outbox');
    expect(navItemsFor('supervisor').map((i) => i.href)).not.toContain('/admin/mail-outbox');
  });
});
