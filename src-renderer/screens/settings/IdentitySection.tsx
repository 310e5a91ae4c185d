// Your identity: the address others give access to (with copy), where its key is kept, and locking
// a keystore identity again.
import { useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError } from '../../api/api-types.ts';
import { useAppState } from '../../app/app-state.tsx';
import { CopyRow } from '../../components/CopyButton.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { QrCode } from '../../components/QrCode.tsx';
import { formatIsoTime } from '../../text/format.ts';

/** The identity card. */
export function IdentitySection(): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [error, setError] = useState<IpcError | null>(null);
  const identity = app.identity;

  const create = async (): Promise<void> => {
    const result = await api.invoke('identity:create', {});
    if (!result.ok) return setError(result.error);
    setError(null);
    await app.refresh();
  };
  const lock = async (): Promise<void> => {
    await api.invoke('identity:lock', {});
    await app.refresh();
  };

  return (
    <section className="card" aria-labelledby="identity-title" data-testid="identity">
      <h2 id="identity-title">Your identity</h2>
      {identity === null ? (
        <>
          <p>You have no identity yet. Create one, or bring in a backup below.</p>
          <button type="button" className="button primary" onClick={() => void create()}>
            Create my identity
          </button>
        </>
      ) : (
        <>
          <div className="field">
            <span className="label">Your address</span>
            <CopyRow value={identity.address} label="Copy your address" testId="identity-address" />
            <span className="hint">Give this address to people who want to seal files for you.</span>
          </div>
          {/* Why the bare address and not an `ethereum:` link: a wallet reads that as a payment request;
              the bare EIP-55 address is what a recipient field takes, and wallets and cameras read it too. */}
          <figure className="qr">
            <QrCode text={identity.address} label={`QR code of your address ${identity.address}`} />
            <figcaption className="hint">Scan to get your address on a phone or another computer.</figcaption>
          </figure>
          <dl className="facts">
            <dt>Key kept in</dt>
            <dd>{identity.storage === 'keychain' ? 'this computer\u2019s keychain' : 'an encrypted keystore file (no keychain here)'}</dd>
            <dt>Created</dt>
            <dd>{formatIsoTime(identity.createdAt)}</dd>
          </dl>
          {identity.storage === 'keystore' && !identity.locked ? (
            <button type="button" className="button" onClick={() => void lock()}>
              Lock now
            </button>
          ) : null}
        </>
      )}
      {error === null ? null : <ErrorPanel error={error} />}
    </section>
  );
}
