// Identity & settings: your address (copy it to whoever should give you access), backing up and
// bringing in your key, the networks this computer knows (add from a file or a link, share one,
// choose the default, the local network), the default threshold and chain access-list settings.
import type { ReactNode } from 'react';
import type { Handoff } from '../../app/App.tsx';
import { Screen } from '../../components/Screen.tsx';
import { BackupSection } from './BackupSection.tsx';
import { DefaultsSection } from './DefaultsSection.tsx';
import { IdentitySection } from './IdentitySection.tsx';
import { ImportSection } from './ImportSection.tsx';
import { NetworksSection } from './NetworksSection.tsx';

/** The settings screen; `linkHandoff` is a network link the OS handed over (added only on a click). */
export function SettingsScreen({ active, linkHandoff }: { active: boolean; linkHandoff: Handoff | null }): ReactNode {
  return (
    <Screen id="settings" title="Identity & settings" intro="Who you are to the key holders, your backup, and the networks this computer knows." active={active}>
      <IdentitySection />
      <BackupSection />
      <ImportSection />
      <NetworksSection linkHandoff={linkHandoff} />
      <DefaultsSection active={active} />
    </Screen>
  );
}
