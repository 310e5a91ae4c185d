// Sizes in words, the same on every face (CLI, app): decimal units, as file managers show them.

/** "0 B", "980 KB", "2.10 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  // Compare the rounded value, so 999,999 bytes reads "1.00 MB", not "1000.0 KB".
  while (unit < units.length - 1 && Number(value.toFixed(value < 10 ? 2 : 1)) >= 1000) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
