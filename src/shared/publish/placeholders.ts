/** What each message of a run fills in: its number in the run (from 1), the time, a fresh id. */
export type PlaceholderValues = { seq: number; timestamp: number; uuid: () => string };

const PLACEHOLDER = /\{\{\s*(seq|timestamp|uuid)\s*\}\}/g;

/**
 * Fills `{{seq}}`, `{{timestamp}}` (ms since the epoch) and `{{uuid}}` (a new one per occurrence)
 * into a payload before it is encoded, so a JSON payload like `{"n": {{seq}}}` is valid once
 * filled. Anything else in double braces is left as typed.
 */
export function expandPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    if (name === 'seq') return String(values.seq);
    if (name === 'timestamp') return String(values.timestamp);
    return values.uuid();
  });
}

/** True when the text has something to fill in. */
export function hasPlaceholders(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}
