import { render, screen } from '@testing-library/react';
import { usePathname } from 'next/navigation';

import { navItemsFor } from '../dashboard/roles';
import { AccountLink } from './account-link';

jest.mock('next/navigation', () => ({ usePathname: jest.fn() }));

const pathname = jest.mocked(usePathname);

describe('AccountLink', () => {
  it('leads every role to /account and marks it as the current page there', () => {
    pathname.mockReturnValue('/cases');
    const { rerender } = render(<AccountLink />);
    const link = screen.getByRole('link', { name: 'アカウント / Account' });
    expect(link).toHaveAttribute('href', '/account');
    expect(link).not.toHaveAttribute('aria-current');

    pathname.mockReturnValue('/account');
    rerender(<AccountLink />);
    expect(screen.getByRole('link', { name: 'アカウント / Account' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });
});

describe('navItemsFor', () => {
  it('lists the security page for admins only', () => {
    expect(navItemsFor('admin').map((item) => item.href)).toContain('/admin/security');
    expect(navItemsFor('supervisor').map((item) => item.href)).not.toContain('/admin/security');
    expect(navItemsFor('counselor').map((item) => item.href)).not.toContain('/admin/security');
  });
});
