import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserModeDataDir } from '../../src/main/store/dataDir';

describe('browserModeDataDir', () => {
  it('follows XDG on Linux, falling back to ~/.config', () => {
    expect(browserModeDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe(path.join('/cfg', 'qoscope', 'browser-mode'));
    expect(browserModeDataDir({}, 'linux', '/home/u')).toBe(path.join('/home/u', '.config', 'qoscope', 'browser-mode'));
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(browserModeDataDir({}, 'darwin', '/Users/u')).toBe(path.join('/Users/u', 'Library', 'Application Support', 'QoScope', 'browser-mode'));
    expect(browserModeDataDir({ APPDATA: '/appdata' }, 'win32', '/home/u')).toBe(path.join('/appdata', 'QoScope', 'browser-mode'));
  });
});
