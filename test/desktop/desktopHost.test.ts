import { expect, it } from 'vitest';
import { desktopService, type DesktopCommand, type ThemeChoice } from '../../src/shared/contract/desktop';
import { services } from '../../src/shared/contract';
import { DesktopHost } from '../../src/main/desktop/desktopHost';
import { ServiceHost } from '../../src/main/transport/serviceHost';

function hosted() {
  const desktop = new DesktopHost();
  const host = new ServiceHost();
  host.register(desktopService, desktop);
  return { desktop, host };
}

it('is one of the services the preload bridge and the UI are built from', () => {
  expect(services.desktop).toBe(desktopService);
});

it('carries menu commands to every UI that listens', () => {
  const { desktop, host } = hosted();
  const received: unknown[] = [];
  const listener = host.listen('desktop', 'onDidRequestCommand', (command) => received.push(command));
  const commands: DesktopCommand[] = [
    { command: 'newConnection' },
    { command: 'importConnections', fileName: 'mqttx.json', text: '{"connections":[]}' },
    { command: 'exportConnections' },
  ];
  commands.forEach((command) => desktop.request(command));
  listener.dispose();
  desktop.request({ command: 'newConnection' });
  expect(received).toEqual(commands);
});

it('tells the shell the theme the UI chose, and refuses anything but system, light or dark', async () => {
  const { desktop, host } = hosted();
  const chosen: ThemeChoice[] = [];
  desktop.onDidChooseTheme((theme) => chosen.push(theme));
  await host.call('desktop', 'setTheme', ['dark']);
  await expect(host.call('desktop', 'setTheme', ['purple'])).rejects.toThrow(/expected one of "system"\|"light"\|"dark"/);
  await expect(host.call('desktop', 'setTheme', [])).rejects.toThrow();
  expect(chosen).toEqual(['dark']);
});
