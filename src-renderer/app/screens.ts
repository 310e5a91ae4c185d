// The screens of the app, in the order the navigation lists them.

/** A screen's id. */
export type ScreenId = 'share' | 'sealed' | 'open' | 'node' | 'settings';

/** Every screen with its name in the navigation. */
export const SCREENS: ReadonlyArray<{ readonly id: ScreenId; readonly name: string }> = [
  { id: 'share', name: 'Share' },
  { id: 'sealed', name: 'Sealed by me' },
  { id: 'open', name: 'Open' },
  { id: 'node', name: 'Node' },
  { id: 'settings', name: 'Identity & settings' },
];
