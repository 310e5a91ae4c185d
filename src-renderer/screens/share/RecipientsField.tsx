// Who may open what is sealed: addresses typed or pasted (several at once: separated by spaces,
// commas or lines), shown as chips that can be removed, and the addresses used before one click away.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Address } from '../../components/Address.tsx';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The addresses in `text`, and the pieces that are not addresses. */
export function parseAddresses(text: string): { addresses: string[]; rejected: string[] } {
  const pieces = text.split(/[\s,;]+/).filter((piece) => piece !== '');
  return { addresses: pieces.filter((piece) => ADDRESS.test(piece)), rejected: pieces.filter((piece) => !ADDRESS.test(piece)) };
}

type Props = {
  recipients: string[];
  recent: string[];
  /** The owner's own address: never a recipient (the owner can always open). */
  self: string | null;
  onChange(recipients: string[]): void;
};

/** The recipients field. */
export function RecipientsField({ recipients, recent, self, onChange }: Props): ReactNode {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const has = (address: string): boolean => recipients.some((r) => r.toLowerCase() === address.toLowerCase());

  const add = (addresses: string[]): void => {
    const fresh = addresses.filter((address, index) => !has(address) && addresses.findIndex((a) => a.toLowerCase() === address.toLowerCase()) === index);
    const mine = fresh.filter((address) => self !== null && address.toLowerCase() === self.toLowerCase());
    if (mine.length > 0) setProblem('That is your own address: you can always open what you seal.');
    onChange([...recipients, ...fresh.filter((address) => !mine.includes(address))]);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const { addresses, rejected } = parseAddresses(text);
    setProblem(rejected.length > 0 ? `Not an address: ${rejected.slice(0, 3).join(', ')}. An address is 0x followed by 40 hex digits.` : null);
    if (addresses.length > 0) add(addresses);
    setText(rejected.join(' '));
  };

  const suggestions = recent.filter((address) => !has(address) && address.toLowerCase() !== self?.toLowerCase()).slice(0, 6);
  return (
    <fieldset className="recipients">
      <legend>Who may open it</legend>
      <form className="inline-form" onSubmit={onSubmit} noValidate>
        <label htmlFor={id} className="visually-hidden">
          Recipient address
        </label>
        <input
          id={id}
          className="input mono"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          placeholder="0x… (paste one or several)"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint ${id}-problem`}
        />
        <button type="submit" className="button">
          Add
        </button>
      </form>
      <p className="field-error" id={`${id}-problem`} aria-live="polite">
        {problem ?? ''}
      </p>
      {recipients.length === 0 ? (
        <p className="hint" id={`${id}-hint`}>
          Nobody yet: only you will be able to open it. You can give access later, under Sealed by me.
        </p>
      ) : (
        <ul className="chips" aria-label="Recipients" id={`${id}-hint`}>
          {recipients.map((address) => (
            <li key={address} className="chip">
              <Address address={address} />
              <button type="button" aria-label={`Remove ${address}`} onClick={() => onChange(recipients.filter((r) => r !== address))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {suggestions.length === 0 ? null : (
        <div className="recent">
          <span className="muted small">Recent:</span>
          <ul className="chips">
            {suggestions.map((address) => (
              <li key={address}>
                <button type="button" className="button small" onClick={() => add([address])} aria-label={`Add ${address}`}>
                  + <Address address={address} short />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
