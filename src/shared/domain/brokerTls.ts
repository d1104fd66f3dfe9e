import { z } from 'zod';
import { brokerPortSchema as port } from './broker';


/**
 * The embedded broker's encrypted listeners: MQTT over TLS and WebSocket over TLS, with the user's
 * certificate and key, or a self-signed pair made for this run of the app.
 */
export const brokerTlsSettingsSchema = z
  .object({
    enabled: z.boolean(),
    mqttsPort: port,
    wssPort: port,
    source: z.enum(['generated', 'files']),
    certFile: z.string().max(4096).optional(),
    keyFile: z.string().max(4096).optional(),
  })
  .refine((tls) => tls.mqttsPort !== tls.wssPort, { message: 'MQTT over TLS and WebSocket over TLS need different ports', path: ['wssPort'] })
  .refine((tls) => tls.source !== 'files' || (tls.certFile ?? '').trim() !== '', { message: 'Give the certificate file (PEM)', path: ['certFile'] })
  .refine((tls) => tls.source !== 'files' || (tls.keyFile ?? '').trim() !== '', { message: 'Give the private key file (PEM)', path: ['keyFile'] });
export type BrokerTlsSettings = z.infer<typeof brokerTlsSettingsSchema>;

export const DEFAULT_BROKER_TLS: BrokerTlsSettings = { enabled: false, mqttsPort: 8883, wssPort: 8084, source: 'generated' };

/** What a running broker's TLS listeners present. */
export type BrokerTlsStatus = { mqttsPort: number; wssPort: number; fingerprint: string; subject: string; validTo: string; generated: boolean };
