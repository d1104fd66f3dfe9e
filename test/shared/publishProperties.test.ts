import { describe, expect, it } from 'vitest';
import { EMPTY_PROPERTIES_DRAFT, parsePublishProperties } from '../../src/shared/mqtt/publishProperties';

const draft = (over: Partial<typeof EMPTY_PROPERTIES_DRAFT>) => ({ ...EMPTY_PROPERTIES_DRAFT, ...over });

describe('parsePublishProperties', () => {
  it('sends nothing for an empty form', () => {
    expect(parsePublishProperties(EMPTY_PROPERTIES_DRAFT)).toEqual({ ok: true, value: undefined });
  });

  it('turns what was typed into wire values', () => {
    const parsed = parsePublishProperties(
      draft({ contentType: 'application/json', responseTopic: 'r/1', correlationData: '00 ff', correlationFormat: 'hex', messageExpiry: '60', payloadFormatIndicator: true, topicAlias: '2', userProperties: [{ name: 'a', value: '1' }, { name: '', value: '' }] }),
      10,
    );
    expect(parsed).toEqual({
      ok: true,
      value: { contentType: 'application/json', responseTopic: 'r/1', correlationData: new Uint8Array([0, 255]), messageExpiryInterval: 60, payloadFormatIndicator: true, topicAlias: 2, userProperties: [{ name: 'a', value: '1' }] },
    });
  });

  it('names the field and the reason for each bad value', () => {
    const parsed = parsePublishProperties(draft({ responseTopic: 'r/+', correlationData: 'abz', correlationFormat: 'hex', messageExpiry: '-1', topicAlias: '11', userProperties: [{ name: '', value: 'v' }] }), 10);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['correlationData', 'messageExpiry', 'responseTopic', 'topicAlias', 'userProperties']);
    expect(parsed.errors.correlationData).toMatch(/"z" at character 3/);
    expect(parsed.errors.topicAlias).toMatch(/1 to 10/);
    expect(parsed.errors.userProperties).toMatch(/User property 1 needs a name/);
  });

  it('refuses any topic alias when the broker allows none', () => {
    const parsed = parsePublishProperties(draft({ topicAlias: '1' }), 0);
    expect(parsed.ok ? undefined : parsed.errors.topicAlias).toMatch(/accepts no topic aliases/);
  });

  it('wants an even number of hex digits for correlation data', () => {
    const parsed = parsePublishProperties(draft({ correlationData: 'abc', correlationFormat: 'hex' }));
    expect(parsed.ok ? undefined : parsed.errors.correlationData).toMatch(/even number/);
  });
});
