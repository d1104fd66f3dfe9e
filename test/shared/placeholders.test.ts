import { describe, expect, it } from 'vitest';
import { expandPlaceholders, hasPlaceholders } from '../../src/shared/publish/placeholders';

describe('expandPlaceholders', () => {
  let n = 0;
  const values = (seq: number) => ({ seq, timestamp: 1_700_000_000_123, uuid: () => `uuid-${++n}` });

  it('fills seq and timestamp, so a JSON template becomes valid JSON', () => {
    const text = expandPlaceholders('{"n": {{seq}}, "at": {{timestamp}}}', values(7));
    expect(JSON.parse(text)).toEqual({ n: 7, at: 1_700_000_000_123 });
  });

  it('gives every {{uuid}} its own value', () => {
    n = 0;
    expect(expandPlaceholders('{{uuid}} {{ uuid }}', values(1))).toBe('uuid-1 uuid-2');
  });

  it('leaves unknown or broken placeholders as typed', () => {
    expect(expandPlaceholders('{{other}} {{seq} {seq}}', values(3))).toBe('{{other}} {{seq} {seq}}');
  });

  it('fills every occurrence', () => {
    expect(expandPlaceholders('a{{seq}}b{{seq}}', values(12))).toBe('a12b12');
  });

  it('hasPlaceholders tells whether anything would change', () => {
    expect(hasPlaceholders('x {{seq}}')).toBe(true);
    expect(hasPlaceholders('x {{nope}}')).toBe(false);
  });
});
