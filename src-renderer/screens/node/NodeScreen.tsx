// Node: run a key server from this computer. Set it up once (its key and where it listens), give
// its public key to whoever runs the network, start it with the network's profile, and watch it:
// peers, keys held, requests served and refused, storage, recent problems.
import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { ResponseOf } from '../../api/api-types.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { NodeSetupForm } from './NodeSetupForm.tsx';
import { NodeStatusCard } from './NodeStatusCard.tsx';

/** What node:status says. */
export type NodeStatus = ResponseOf<'node:status'>;

/** The Node screen. */
export function NodeScreen({ active }: { active: boolean }): ReactNode {
  const api = useApi();
  const [loaded] = useLoad(active ? () => api.invoke('node:status', {}) : null, `node-${active}`);
  const [status, setStatus] = useState<NodeStatus | null>(null);
  useEffect(() => {
    if (loaded.state === 'ready') setStatus(loaded.value);
  }, [loaded]);
  useEffect(() => api.on('node:status', setStatus), [api]);

  return (
    <Screen id="node" title="Node" intro="Run a key server for a network from this computer. It holds a share of each key and releases it only to people the owner allows." active={active}>
      {loaded.state === 'failed' ? <ErrorPanel error={loaded.error} /> : null}
      {status === null ? <p className="muted">Looking at the node…</p> : status.configured ? <NodeStatusCard status={status} onStatus={setStatus} /> : <NodeSetupForm onStatus={setStatus} />}
    </Screen>
  );
}
