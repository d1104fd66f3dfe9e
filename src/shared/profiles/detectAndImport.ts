import { UserError } from '../errors/errors';
import type { ImportResult } from './importResult';
import { isRecord } from './json';
import { importMqttExplorer, looksLikeMqttExplorerConnection, MQTT_EXPLORER_SETTINGS_KEY, type MqttExplorerImportOptions } from './mqttExplorerImport';
import { importMqttx } from './mqttxImport';
import { importQoScope, isQoScopeProfilesFile } from './qoscopeFormat';

export type ImportFormat = 'qoscope' | 'mqttx' | 'mqtt-explorer';

/** Which program wrote this JSON, judged by the shape each one is known to write. */
export function detectImportFormat(json: unknown): ImportFormat | undefined {
  if (isQoScopeProfilesFile(json)) return 'qoscope';
  if (Array.isArray(json)) return json.every(isRecord) ? 'mqttx' : undefined;
  if (!isRecord(json)) return undefined;
  if (MQTT_EXPLORER_SETTINGS_KEY in json) return 'mqtt-explorer';
  // A single MQTTX connection names its MQTT version; MQTT Explorer's export is id → connection.
  if (typeof json.host === 'string' && ('mqttVersion' in json || 'clientId' in json)) return 'mqttx';
  const values = Object.values(json);
  if (values.length > 0 && values.every(looksLikeMqttExplorerConnection)) return 'mqtt-explorer';
  return undefined;
}

export function detectAndImport(json: unknown, options: MqttExplorerImportOptions = {}): ImportResult & { format: ImportFormat } {
  const format = detectImportFormat(json);
  switch (format) {
    case 'qoscope':
      return { format, ...importQoScope(json) };
    case 'mqttx':
      return { format, ...importMqttx(json) };
    case 'mqtt-explorer':
      return { format, ...importMqttExplorer(json, options) };
    case undefined:
      throw new UserError('import.not-recognised', 'QoScope does not recognise this file: it reads its own exports, MQTTX exports (JSON) and MQTT Explorer settings or connection exports');
  }
}
