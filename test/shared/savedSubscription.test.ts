import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, profileErrors, profileSchema } from '../../src/shared/domain/profile';
import { savedSubscriptionSchema, withoutSubscription, withSubscription } from '../../src/shared/domain/savedSubscription';

const profile = { ...DEFAULT_PROFILE, clientId: 'c1' };

describe('saved subscriptions in a profile', () => {
  it('are optional, so profiles saved before them stay valid', () => {
    expect(profileSchema.safeParse(profile).success).toBe(true);
  });

  it('keep filter, QoS, MQTT 5 options, colour (lower-cased) and alias', () => {
    const parsed = profileSchema.parse({
      ...profile,
      subscriptions: [{ filter: 'home/+/temp', qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 1, color: '#AABBCC', alias: ' Temps ' }],
    });
    expect(parsed.subscriptions).toEqual([
      { filter: 'home/+/temp', qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 1, color: '#aabbcc', alias: 'Temps' },
    ]);
  });

  it('refuse a filter MQTT would refuse, saying which and why', () => {
    expect(profileErrors({ ...profile, subscriptions: [{ filter: 'a/#/b', qos: 0 }] })).toEqual({
      'subscriptions.0.filter': 'Topic filter "a/#/b": # must be the last level and stand alone (e.g. home/#)',
    });
    expect(profileErrors({ ...profile, subscriptions: [{ filter: '', qos: 0 }] })['subscriptions.0.filter']).toMatch(/^Topic filter "":/);
  });

  it('refuse a colour that is not #rrggbb, a QoS above 2, and the same filter twice', () => {
    expect(savedSubscriptionSchema.safeParse({ filter: 'a', qos: 0, color: 'red' }).error?.issues[0]?.message).toBe('Colour must be written as #rrggbb');
    expect(savedSubscriptionSchema.safeParse({ filter: 'a', qos: 3 }).success).toBe(false);
    expect(profileErrors({ ...profile, subscriptions: [{ filter: 'a', qos: 0 }, { filter: 'a', qos: 1 }] })).toEqual({
      'subscriptions.1.filter': 'Topic filter "a" is listed twice',
    });
  });

  it('are replaced in place when subscribed again, and removed by filter', () => {
    const list = withSubscription(withSubscription(undefined, { filter: 'a', qos: 0 }), { filter: 'b', qos: 1 });
    expect(withSubscription(list, { filter: 'a', qos: 2, alias: 'A' })).toEqual([{ filter: 'a', qos: 2, alias: 'A' }, { filter: 'b', qos: 1 }]);
    expect(withoutSubscription(list, 'a')).toEqual([{ filter: 'b', qos: 1 }]);
  });
});
