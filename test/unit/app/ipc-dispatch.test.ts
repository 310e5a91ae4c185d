// Main's IPC decisions (issue 5, "every channel rejects … untrusted senders"): for every channel of
// the contract, a sender that is not the main frame of our window on an app:// page is refused
// before the handler table sees anything; a trusted one reaches the real table, which validates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IPC_CHANNEL_NAMES } from '../../../src-shared/ipc/contract.ts';
import { createIpcDispatcher, eventForwarder, UNEXPECTED_FAILURE, UNTRUSTED_SENDER } from '../../../src-main/app/ipc-dispatch.ts';
import type { SenderFacts } from '../../../src-main/app/trusted-sender.ts';
import type { HandlerTable, InvokeContext } from '../../../src-main/handlers/handler-types.ts';
import { testTable, type TestTable } from '../../support/handlers.ts';
import { CHANNEL_EXAMPLES } from '../handlers/channel-examples.ts';

const TRUSTED: SenderFacts = { frameUrl: 'app://sealdrop/index.html', isMainFrame: true, isOurWindow: true };
const UNTRUSTED: Record<string, SenderFacts> = {
  'an iframe of our page': { ...TRUSTED, isMainFrame: false },
  'a webContents that is not our window (DevTools, another window)': { ...TRUSTED, isOurWindow: false },
  'a frame that is gone': { ...TRUSTED, frameUrl: null },
  'our window showing a file:// page': { ...TRUSTED, frameUrl: 'file:///tmp/evil.html' },
  'our window showing a web page': { ...TRUSTED, frameUrl: 'https://evil.example/' },
  'our window on another app:// host': { ...TRUSTED, frameUrl: 'app://evil/index.html' },
};

/** The real table, with every call it receives recorded. */
function spied(table: HandlerTable): { table: HandlerTable; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    table: {
      invoke(channel, request, context) {
        calls.push(channel);
        return table.invoke(channel, request, context);
      },
      close: () => table.close(),
    },
  };
}

describe('IPC dispatch', () => {
  let real: TestTable;
  before(async () => {
    real = await testTable();
  });
  after(async () => {
    await real.close();
  });

  test('every channel refuses every kind of untrusted sender, and the table never runs', async () => {
    const { table, calls } = spied(real.table);
    const refused: unknown[] = [];
    const dispatch = createIpcDispatcher(table, (event, details) => refused.push({ event, details }));
    for (const channel of IPC_CHANNEL_NAMES) {
      for (const [what, sender] of Object.entries(UNTRUSTED)) {
        const result = await dispatch({ channel, sender, request: CHANNEL_EXAMPLES[channel], send: () => assert.fail('no event may be sent') });
        assert.deepEqual(result, UNTRUSTED_SENDER, `${channel} from ${what}`);
      }
    }
    assert.deepEqual(calls, []);
    assert.equal(refused.length, IPC_CHANNEL_NAMES.length * Object.keys(UNTRUSTED).length);
    assert.equal(UNTRUSTED_SENDER.ok, false);
    assert.equal(UNTRUSTED_SENDER.ok === false && UNTRUSTED_SENDER.error.code, 'access-denied');
  });

  test('a trusted sender reaches the real table, which answers and validates', async () => {
    const { table, calls } = spied(real.table);
    const dispatch = createIpcDispatcher(table);
    const send = (): void => {};
    const info = await dispatch({ channel: 'app:info', sender: TRUSTED, request: {}, send });
    assert.equal(info.ok, true, JSON.stringify(info));
    const malformed = await dispatch({ channel: 'settings:set', sender: TRUSTED, request: { keepNodeRunning: 'yes' }, send });
    assert.equal(malformed.ok === false && malformed.error.code, 'request-invalid');
    const unknown = await dispatch({ channel: 'shell:exec', sender: TRUSTED, request: {}, send });
    assert.equal(unknown.ok === false && unknown.error.code, 'request-invalid');
    assert.deepEqual(calls, ['app:info', 'settings:set', 'shell:exec']);
  });

  test('passes the calling window\'s signal and forwards the table\'s events to it', async () => {
    const sent: Array<[string, unknown]> = [];
    const controller = new AbortController();
    let seen: InvokeContext | undefined;
    const dispatch = createIpcDispatcher({
      async invoke(_channel, _request, context) {
        seen = context;
        context.emit('node:status', { configured: false } as never);
        return { ok: true, value: null };
      },
    });
    await dispatch({ channel: 'node:status', sender: TRUSTED, request: {}, send: (event, payload) => sent.push([event, payload]), signal: controller.signal });
    assert.equal(seen?.signal, controller.signal);
    assert.deepEqual(sent, [['node:status', { configured: false }]]);
  });

  test('a table that throws (a bug) answers a plain internal error, the details only in the log', async () => {
    const logged: Array<Record<string, unknown> | undefined> = [];
    const dispatch = createIpcDispatcher(
      {
        async invoke() {
          throw new Error('secret path /home/ann/.config/sealdrop/keys at line 3');
        },
      },
      (_event, details) => logged.push(details),
    );
    const result = await dispatch({ channel: 'app:info', sender: TRUSTED, request: {}, send: () => {} });
    assert.deepEqual(result, UNEXPECTED_FAILURE);
    assert.ok(!JSON.stringify(result).includes('/home/ann'));
    assert.match(String(logged[0]?.error), /secret path/);
  });
});

describe('eventForwarder', () => {
  test('forwards the contract\'s events and drops any other name', () => {
    const sent: string[] = [];
    const dropped: unknown[] = [];
    const emit = eventForwarder((event) => sent.push(event), (event, details) => dropped.push({ event, details }));
    emit('progress', {} as never);
    emit('operation:done', {} as never);
    (emit as (event: string, payload: unknown) => void)('ELECTRON_BROWSER_WINDOW_CLOSE', {});
    (emit as (event: string, payload: unknown) => void)('desktop:launch-available', {});
    assert.deepEqual(sent, ['progress', 'operation:done']);
    assert.equal(dropped.length, 2);
  });
});
