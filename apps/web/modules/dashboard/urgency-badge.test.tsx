import { render, screen } from '@testing-library/react';

import { UrgencyBadge } from './urgency-badge';

describe('UrgencyBadge', () => {
  it.each([
    ['emergency', '緊急', 'Emergency'],
    ['high', '高', 'High'],
    ['normal', '通常', 'Normal'],
    ['low', '低', 'Low'],
  ] as const)('shows %s by colour and by the word %s', (urgency, ja, en) => {
    const { container } = render(<UrgencyBadge urgency={urgency} />);

    const badge = container.querySelector('.urgency');
    expect(badge).toHaveClass(`urgency--${urgency}`);
    expect(badge).toHaveTextContent(ja);
    expect(screen.getByText(en)).toHaveAttribute('lang', 'en');
  });

  it('gives every level its own colour class and its own word', () => {
    const { container } = render(
      <>
        <UrgencyBadge urgency="emergency" />
        <UrgencyBadge urgency="high" />
        <UrgencyBadge urgency="normal" />
        <UrgencyBadge urgency="low" />
      </>,
    );
    const badges = [...container.querySelectorAll('.urgency')];
    expect(new Set(badges.map((badge) => badge.className)).size).toBe(4);
    expect(new Set(badges.map((badge) => badge.textContent)).size).toBe(4);
  });
});
