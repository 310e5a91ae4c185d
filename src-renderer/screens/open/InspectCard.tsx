// What a sealed file says about itself before it is opened: its size, the network holding its key
// and how many key holders must agree, the key's owner (as the key holders agree), offline age
// recipients and whether it needs a passphrase.
import type { ReactNode } from 'react';
import type { ResponseOf } from '../../api/api-types.ts';
import { Address } from '../../components/Address.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatBytes, plural, thresholdWords } from '../../text/format.ts';
import { useAppState } from '../../app/app-state.tsx';

type Inspection = ResponseOf<'open:inspect'>;

/** The facts of `info`. */
export function InspectCard({ info }: { info: Inspection }): ReactNode {
  const app = useAppState();
  const network = info.network === null ? null : app.networks.find((n) => n.id === info.network?.id);
  return (
    <dl className="facts" data-testid="inspect">
      <dt>File</dt>
      <dd>
        <span className="mono">{info.file}</span> · {formatBytes(info.size)}
      </dd>
      {info.sealedToNetwork && info.network !== null ? (
        <>
          <dt>Owner</dt>
          <dd data-testid="owner">
            {info.owner === null ? (
              <span className="muted">{info.network.known ? (info.ownerProblem ?? 'not known') : 'not known until the network is added'}</span>
            ) : (
              <span className="copy-inline">
                <Address address={info.owner} />
                {app.identity?.address.toLowerCase() === info.owner.toLowerCase() ? <span className="badge accent">you</span> : null}
                <CopyButton text={info.owner} label="Copy the owner's address" />
              </span>
            )}
          </dd>
          <dt>Key holders</dt>
          <dd>
            {info.network.known ? (info.network.name ?? 'a known network') : <span className="muted">a network this computer does not know</span>}
            {info.threshold === null ? null : ` · ${thresholdWords(info.threshold, network?.nodes ?? null)} must agree`}
          </dd>
        </>
      ) : null}
      {info.ageRecipients > 0 ? (
        <>
          <dt>Offline keys</dt>
          <dd>{plural(info.ageRecipients, 'age key can', 'age keys can')} also open it without the key holders.</dd>
        </>
      ) : null}
      {info.needsPassphrase ? (
        <>
          <dt>Passphrase</dt>
          <dd>It is sealed with a passphrase.</dd>
        </>
      ) : null}
    </dl>
  );
}
