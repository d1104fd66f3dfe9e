import { describe, it, expect } from 'vitest';
import {
  isSystemTopic,
  topicMatchesFilter,
  validateTopicFilter,
  validateTopicName,
} from '../../src/shared/mqtt/topic';

const WILDCARD_IN_TOPIC = 'Wildcards + and # are not allowed in a publish topic';
const HASH_PLACEMENT = '# must be the last level and stand alone (e.g. home/#)';
const PLUS_PLACEMENT = '+ must occupy a whole level (e.g. home/+/temp)';

describe('validateTopicName', () => {
  it.each(['home/kitchen/temp', '/', 'a//b', '/leading', 'trailing/', '$SYS/broker', 'spaces are ok', 'Grüße/世界/😀'])(
    'accepts %j',
    (topic) => {
      expect(validateTopicName(topic)).toBeNull();
    },
  );

  it('[MQTT-4.7.3-1] rejects an empty topic', () => {
    expect(validateTopicName('')).toBe('Topic must not be empty');
  });

  it.each(['home/+/temp', 'home/#', '#', '+', 'a+b', 'temp#1'])('[MQTT-3.3.2-2] rejects wildcards in %j', (topic) => {
    expect(validateTopicName(topic)).toBe(WILDCARD_IN_TOPIC);
  });

  it('[MQTT-4.7.3-2] rejects the NUL character', () => {
    expect(validateTopicName('home/\u0000/temp')).toBe('Topic must not contain the NUL character');
  });

  it('[MQTT-4.7.3-3] accepts exactly 65,535 ASCII characters', () => {
    expect(validateTopicName('a'.repeat(65_535))).toBeNull();
  });

  it('[MQTT-4.7.3-3] rejects 65,536 ASCII characters with the byte count', () => {
    expect(validateTopicName('a'.repeat(65_536))).toBe('Topic is 65,536 bytes in UTF-8; the limit is 65,535');
  });

  it('[MQTT-4.7.3-3] reports the size of a 70,000-byte topic', () => {
    expect(validateTopicName('a'.repeat(70_000))).toBe('Topic is 70,000 bytes in UTF-8; the limit is 65,535');
  });

  it('[MQTT-4.7.3-3] counts a two-byte character as two bytes', () => {
    // 32,768 characters, 65,536 bytes: a limit counted in UTF-16 units would wrongly accept it.
    expect(validateTopicName('é'.repeat(32_768))).toBe('Topic is 65,536 bytes in UTF-8; the limit is 65,535');
    expect(validateTopicName('é'.repeat(32_767) + 'a')).toBeNull();
  });

  it('[MQTT-4.7.3-3] counts three- and four-byte characters as bytes', () => {
    expect(validateTopicName('€'.repeat(21_845))).toBeNull();
    expect(validateTopicName('€'.repeat(21_845) + 'a')).toBe('Topic is 65,536 bytes in UTF-8; the limit is 65,535');
    expect(validateTopicName('😀'.repeat(16_384))).toBe('Topic is 65,536 bytes in UTF-8; the limit is 65,535');
    expect(validateTopicName('😀'.repeat(16_383) + 'abc')).toBeNull();
  });

  it('[MQTT-1.5.3-1] rejects an unpaired surrogate, which has no UTF-8 form', () => {
    expect(validateTopicName('a/\ud83d/b')).toMatch(/unpaired surrogate/);
    expect(validateTopicName('a/\ude00')).toMatch(/unpaired surrogate/);
    expect(validateTopicName('a/\ud83d\ude00')).toBeNull();
  });
});

describe('validateTopicFilter', () => {
  it.each(['#', '+', 'home/#', 'home/+/temp', '+/+', '/#', '+/#', 'a//b', '$SYS/#', 'home/kitchen', '$shared/x'])(
    'accepts %j',
    (filter) => {
      expect(validateTopicFilter(filter)).toBeNull();
    },
  );

  it('[MQTT-4.7.3-1] rejects an empty filter', () => {
    expect(validateTopicFilter('')).toBe('Topic filter must not be empty');
  });

  it.each(['home/#/temp', '#/a', 'home#', 'home/temp#', '##', 'a/#/#'])(
    '[MQTT-4.7.1-2] rejects # that is not alone in the last level: %j',
    (filter) => {
      expect(validateTopicFilter(filter)).toBe(HASH_PLACEMENT);
    },
  );

  it.each(['home+', 'home/+temp/x', '++', 'a/b+', '+a/b'])(
    '[MQTT-4.7.1-3] rejects + that does not occupy a whole level: %j',
    (filter) => {
      expect(validateTopicFilter(filter)).toBe(PLUS_PLACEMENT);
    },
  );

  it('[MQTT-4.7.3-2] rejects the NUL character', () => {
    expect(validateTopicFilter('home/\u0000')).toBe('Topic filter must not contain the NUL character');
  });

  it('[MQTT-4.7.3-3] enforces the 65,535-byte limit in UTF-8 bytes', () => {
    expect(validateTopicFilter('a'.repeat(65_533) + '/#')).toBeNull();
    expect(validateTopicFilter('a'.repeat(65_534) + '/#')).toBe(
      'Topic filter is 65,536 bytes in UTF-8; the limit is 65,535',
    );
    expect(validateTopicFilter('ü'.repeat(32_768))).toBe('Topic filter is 65,536 bytes in UTF-8; the limit is 65,535');
  });

  describe('shared subscriptions', () => {
    it.each(['$share/group/home/#', '$share/g/+', '$share/g/a//b', '$share/g/$SYS/#'])('[MQTT-4.8.2-2] accepts %j', (filter) => {
      expect(validateTopicFilter(filter)).toBeNull();
    });

    it('[MQTT-4.8.2-1] requires a non-empty group name', () => {
      expect(validateTopicFilter('$share//home')).toBe('Shared subscription needs a group name: $share/group/filter');
    });

    it.each(['$share/g+/home', '$share/#/home', '$share/+/home'])('[MQTT-4.8.2-2] rejects wildcards in the group name %j', (filter) => {
      expect(validateTopicFilter(filter)).toBe('Shared subscription group name must not contain + or #');
    });

    it.each(['$share/group', '$share/group/'])('[MQTT-4.8.2-2] requires a filter after the group: %j', (filter) => {
      expect(validateTopicFilter(filter)).toBe(
        'Shared subscription needs a topic filter after the group: $share/group/filter',
      );
    });

    it('validates wildcard placement in the filter after the group', () => {
      expect(validateTopicFilter('$share/g/home/#/x')).toBe(HASH_PLACEMENT);
      expect(validateTopicFilter('$share/g/home+')).toBe(PLUS_PLACEMENT);
    });
  });
});

describe('topicMatchesFilter', () => {
  it('matches identical topics and nothing else without wildcards', () => {
    expect(topicMatchesFilter('home/kitchen', 'home/kitchen')).toBe(true);
    expect(topicMatchesFilter('home/kitchen', 'home/kitchen/temp')).toBe(false);
    expect(topicMatchesFilter('home/kitchen/temp', 'home/kitchen')).toBe(false);
    expect(topicMatchesFilter('home/kitchen', 'home/kitche')).toBe(false);
  });

  it('[MQTT-4.7.1-2] soda/# matches soda itself', () => {
    expect(topicMatchesFilter('soda/#', 'soda')).toBe(true);
  });

  it('[MQTT-4.7.1-2] # matches any number of child levels', () => {
    expect(topicMatchesFilter('sport/tennis/player1/#', 'sport/tennis/player1')).toBe(true);
    expect(topicMatchesFilter('sport/tennis/player1/#', 'sport/tennis/player1/ranking')).toBe(true);
    expect(topicMatchesFilter('sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon')).toBe(true);
    expect(topicMatchesFilter('sport/tennis/player1/#', 'sport/tennis')).toBe(false);
    expect(topicMatchesFilter('soda/#', 'sodas')).toBe(false);
    expect(topicMatchesFilter('sport/#', 'sport/')).toBe(true);
  });

  it('[MQTT-4.7.1-2] # alone matches every topic not starting with $', () => {
    for (const topic of ['a', '/', '/a', 'a/b/c', 'a//b']) {
      expect(topicMatchesFilter('#', topic)).toBe(true);
    }
  });

  it('[MQTT-4.7.1-3] + matches exactly one level', () => {
    expect(topicMatchesFilter('sport/tennis/+', 'sport/tennis/player1')).toBe(true);
    expect(topicMatchesFilter('sport/tennis/+', 'sport/tennis/player1/ranking')).toBe(false);
    expect(topicMatchesFilter('sport/+', 'sport')).toBe(false);
    expect(topicMatchesFilter('sport/+/#', 'sport')).toBe(false);
    expect(topicMatchesFilter('+/tennis/#', 'sport/tennis/x')).toBe(true);
    expect(topicMatchesFilter('home/+/temp', 'home/kitchen/temp')).toBe(true);
    expect(topicMatchesFilter('home/+/temp', 'home/kitchen/humidity')).toBe(false);
  });

  it('[MQTT-4.7.1-3] + matches an empty level', () => {
    expect(topicMatchesFilter('sport/+', 'sport/')).toBe(true);
    expect(topicMatchesFilter('+/+', '/finance')).toBe(true);
    expect(topicMatchesFilter('/+', '/finance')).toBe(true);
    expect(topicMatchesFilter('+', '/finance')).toBe(false);
    expect(topicMatchesFilter('a/+/b', 'a//b')).toBe(true);
  });

  it('§4.7.1.1 treats empty levels as levels', () => {
    expect(topicMatchesFilter('a//b', 'a//b')).toBe(true);
    expect(topicMatchesFilter('a/b', 'a//b')).toBe(false);
    expect(topicMatchesFilter('a//b', 'a/b')).toBe(false);
    expect(topicMatchesFilter('/a', 'a')).toBe(false);
  });

  it('[MQTT-4.7.2-1] + and # at the start never match a topic whose first level starts with $', () => {
    expect(topicMatchesFilter('#', '$SYS/broker/load')).toBe(false);
    expect(topicMatchesFilter('+/broker/load', '$SYS/broker/load')).toBe(false);
    expect(topicMatchesFilter('+/monitor/Clients', '$SYS/monitor/Clients')).toBe(false);
    expect(topicMatchesFilter('+', '$SYS')).toBe(false);
    expect(topicMatchesFilter('+/#', '$SYS/x')).toBe(false);
  });

  it('[MQTT-4.7.2-1] $SYS/# matches $SYS/broker/load', () => {
    expect(topicMatchesFilter('$SYS/#', '$SYS/broker/load')).toBe(true);
    expect(topicMatchesFilter('$SYS/#', '$SYS')).toBe(true);
    expect(topicMatchesFilter('$SYS/monitor/+', '$SYS/monitor/Clients')).toBe(true);
  });

  it('[MQTT-4.7.2-1] a $ in a later level does not block wildcards', () => {
    expect(topicMatchesFilter('#', 'a/$b')).toBe(true);
    expect(topicMatchesFilter('+/+', 'a/$b')).toBe(true);
    expect(topicMatchesFilter('+/x', 'a$/x')).toBe(true);
  });

  it('[MQTT-4.7.3-4] matches without normalization, so case matters', () => {
    expect(topicMatchesFilter('ACCOUNTS', 'Accounts')).toBe(false);
    expect(topicMatchesFilter('home/+', 'HOME/kitchen')).toBe(false);
    expect(topicMatchesFilter('$sys/#', '$SYS/broker')).toBe(false);
    expect(topicMatchesFilter('Accounts', 'Accounts')).toBe(true);
  });

  it('never matches with a malformed filter', () => {
    expect(topicMatchesFilter('a/#/b', 'a/x/b')).toBe(false);
    expect(topicMatchesFilter('#/a', 'x/y/a')).toBe(false);
    expect(topicMatchesFilter('', '')).toBe(false);
  });

  it('never matches a topic that is itself invalid', () => {
    expect(topicMatchesFilter('a/+', 'a/+')).toBe(false);
    expect(topicMatchesFilter('a/#', 'a/#')).toBe(false);
    expect(topicMatchesFilter('+', '')).toBe(false);
  });

  it('[MQTT-4.8.2-2] matches a shared subscription on the filter after the group', () => {
    expect(topicMatchesFilter('$share/g/sport/#', 'sport/tennis')).toBe(true);
    expect(topicMatchesFilter('$share/g/sport/+', 'sport/tennis/x')).toBe(false);
    expect(topicMatchesFilter('$share/g/#', '$SYS/broker')).toBe(false);
    expect(topicMatchesFilter('$share//sport', 'sport')).toBe(false);
  });
});

describe('isSystemTopic', () => {
  it('is true only when the topic starts with $', () => {
    expect(isSystemTopic('$SYS/broker/load')).toBe(true);
    expect(isSystemTopic('$')).toBe(true);
    expect(isSystemTopic('SYS/broker')).toBe(false);
    expect(isSystemTopic('a/$SYS')).toBe(false);
    expect(isSystemTopic('')).toBe(false);
  });
});
