import type { ReactNode } from 'react';

type TEnProps = { children: ReactNode; as?: 'span' | 'p' };

/**
 * The English line that follows each Japanese one. Japanese comes first and English sits under it,
 * smaller, so the page works for both without JavaScript or a language switch. `lang="en"` lets
 * screen readers change voice instead of reading English with Japanese pronunciation.
 */
export function En({ children, as: Tag = 'span' }: TEnProps) {
  return (
    <Tag lang="en" className="en">
      {children}
    </Tag>
  );
}
