import { render, screen, within } from '@testing-library/react';

import { windowViews } from '../intake/intake-test-fixtures';
import { WindowDirectory } from './window-directory';

describe('directory of windows', () => {
  it('lists every window with call links and marks the unverified ones', () => {
    const windows = windowViews();
    render(<WindowDirectory filter={{ category: undefined, openNow: false }} result={{ windows }} />);

    expect(screen.getAllByRole('article')).toHaveLength(windows.length);
    const childline = screen.getByRole('article', { name: /チャイルドライン/ });
    expect(within(childline).getByText('未確認の情報があります')).toBeVisible();
    expect(within(childline).getByRole('link', { name: /0120-99-7777/ })).toHaveAttribute(
      'href',
      'tel:0120997777',
    );
    const police = screen.getByRole('article', { name: /警察相談専用電話/ });
    expect(within(police).getByRole('link', { name: /#9110/ })).toHaveAttribute('href', 'tel:%239110');
    expect(within(police).queryByText('未確認の情報があります')).toBeNull();
  });

  it('filters with a plain GET form by trouble type and open now', () => {
    render(<WindowDirectory filter={{ category: 'phishing', openNow: true }} result={{ windows: [] }} />);

    const category = screen.getByRole('combobox', { name: /困っていることの種類/ });
    expect(category).toHaveValue('phishing');
    expect(category.closest('form')).toHaveAttribute('method', 'get');
    expect(screen.getByRole('checkbox', { name: /いま受付中の窓口だけ/ })).toBeChecked();
    expect(screen.getByText(/条件に合う窓口はありません/)).toBeVisible();
    expect(screen.getByRole('link', { name: /条件をはずす/ })).toHaveAttribute('href', '/windows');
  });
});
