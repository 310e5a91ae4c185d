// A network profile as a link for sharing (DESIGN §3: "shareable as a file or link"):
// `sealdrop://network/<base64url of the canonical JSON>`, no padding. A link is outside data, so
// decoding runs the full profile schema.
import { SealdropError } from '../../../../src-shared/errors.ts';
import { parseNetworkProfile, profileToJson, type NetworkProfile } from './profile.ts';

/** Every profile link starts with this. */
export const PROFILE_LINK_PREFIX = 'sealdrop://network/';
/** Longest link we decode (a 256-node profile fits with room to spare). */
const MAX_LINK_LENGTH = 128 * 1024;

/** The shareable link of a profile. */
export function encodeProfileLink(profile: NetworkProfile): string {
  const json = JSON.stringify(profileToJson(profile));
  return PROFILE_LINK_PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

/** Decodes and validates a profile link; throws `profile-invalid` on anything else. */
export function decodeProfileLink(link: string): NetworkProfile {
  const text = link.trim();
  if (!text.startsWith(PROFILE_LINK_PREFIX)) {
    throw new SealdropError('profile-invalid', `A network link starts with ${PROFILE_LINK_PREFIX}.`, { field: 'link' });
  }
  if (text.length > MAX_LINK_LENGTH) {
    throw new SealdropError('profile-invalid', 'The network link is too long.', { field: 'link' });
  }
  const encoded = text.slice(PROFILE_LINK_PREFIX.length);
  // Buffer's base64url decoder skips characters it does not know; check the alphabet first.
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) {
    throw new SealdropError('profile-invalid', 'The network link is not valid base64url.', { field: 'link' });
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new SealdropError('profile-invalid', 'The network link does not hold a JSON profile.', { field: 'link' }, { cause });
  }
  return parseNetworkProfile(json);
}
