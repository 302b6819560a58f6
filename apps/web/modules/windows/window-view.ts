export { type TWindowView, ZWindowView } from '@madoguchi/shared';
