import type { FormValues } from './formModel';
import { Check, Field } from '../../../components/Field';

type SectionProps = {
  values: FormValues;
  set<K extends keyof FormValues>(field: K, value: FormValues[K]): void;
  shown(path: string, touchKey?: string): string | undefined;
  blur(key: string): () => void;
};

export function WillSection({ values, set, shown, blur }: SectionProps) {
  const isV5 = values.protocolVersion === 5;
  return (
    <fieldset>
      <legend>Last will</legend>
      <Check label="Send a last will" checked={values.willEnabled} onChange={(c) => set('willEnabled', c)} hint="The broker publishes it if this connection vanishes without DISCONNECT." />
      {values.willEnabled && (
        <div className="form-grid">
          <Field label="Will topic" error={shown('will.topic', 'willTopic')}>
            {(p) => <input {...p} value={values.willTopic} onChange={(e) => set('willTopic', e.target.value)} onBlur={blur('willTopic')} />}
          </Field>
          <Field label="Will payload" error={shown('will.payload', 'willPayload')}>
            {(p) => <input {...p} value={values.willPayload} onChange={(e) => set('willPayload', e.target.value)} />}
          </Field>
          <Field label="Will QoS">
            {(p) => (
              <select {...p} value={values.willQos} onChange={(e) => set('willQos', Number(e.target.value) as 0 | 1 | 2)}>
                <option value={0}>0</option>
                <option value={1}>1</option>
                <option value={2}>2</option>
              </select>
            )}
          </Field>
          <Check label="Will retain" checked={values.willRetain} onChange={(c) => set('willRetain', c)} />
          {isV5 && (
            <>
              <Field label="Will delay (s)" error={shown('will.delayInterval', 'willDelay')} hint="The broker waits this long (or until the session ends) before publishing.">
                {(p) => <input {...p} inputMode="numeric" value={values.willDelay} onChange={(e) => set('willDelay', e.target.value)} onBlur={blur('willDelay')} />}
              </Field>
              <Field label="Will message expiry (s)" error={shown('will.messageExpiryInterval', 'willExpiry')}>
                {(p) => <input {...p} inputMode="numeric" value={values.willExpiry} onChange={(e) => set('willExpiry', e.target.value)} onBlur={blur('willExpiry')} />}
              </Field>
              <Field label="Will content type">
                {(p) => <input {...p} value={values.willContentType} onChange={(e) => set('willContentType', e.target.value)} placeholder="application/json" />}
              </Field>
              <Field label="Will response topic" error={shown('will.responseTopic', 'willResponseTopic')}>
                {(p) => <input {...p} value={values.willResponseTopic} onChange={(e) => set('willResponseTopic', e.target.value)} onBlur={blur('willResponseTopic')} />}
              </Field>
              <Field label="Will correlation data">
                {(p) => <input {...p} value={values.willCorrelationData} onChange={(e) => set('willCorrelationData', e.target.value)} />}
              </Field>
              <Field label="Will user properties" error={shown('will.userProperties', 'willUserProperties')} hint="One name=value per line." wide>
                {(p) => <textarea {...p} rows={2} value={values.willUserProperties} onChange={(e) => set('willUserProperties', e.target.value)} onBlur={blur('willUserProperties')} />}
              </Field>
            </>
          )}
        </div>
      )}
    </fieldset>
  );
}

export function TlsSection({ values, set, shown, blur, keepPassphrase }: SectionProps & { keepPassphrase: boolean }) {
  return (
    <fieldset>
      <legend>TLS</legend>
      <div className="form-grid">
        <Field label="CA certificates" error={shown('tls.caFiles', 'caFiles')} hint="PEM file paths, one per line. Empty = the operating system's trust store, with Node's bundled CAs." wide>
          {(p) => <textarea {...p} rows={2} value={values.caFiles} onChange={(e) => set('caFiles', e.target.value)} onBlur={blur('caFiles')} placeholder="/path/to/ca.pem" />}
        </Field>
        <Field label="Client certificate" error={shown('tls.certFile', 'certFile') ?? shown('tls', 'certFile')}>
          {(p) => <input {...p} value={values.certFile} onChange={(e) => set('certFile', e.target.value)} onBlur={blur('certFile')} placeholder="/path/to/client.pem" />}
        </Field>
        <Field label="Client key" error={shown('tls.keyFile', 'keyFile')}>
          {(p) => <input {...p} value={values.keyFile} onChange={(e) => set('keyFile', e.target.value)} onBlur={blur('keyFile')} placeholder="/path/to/client.key" />}
        </Field>
        <Field label="Key passphrase" error={shown('tls.passphrase', 'passphrase')} hint={keepPassphrase ? 'Leave empty to keep the saved passphrase.' : undefined}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={values.passphrase} onChange={(e) => set('passphrase', e.target.value)} onBlur={blur('passphrase')} />}
        </Field>
        <Field label="Server name (SNI)" hint="Only when it differs from the host.">
          {(p) => <input {...p} value={values.serverName} onChange={(e) => set('serverName', e.target.value)} />}
        </Field>
        <Field label="ALPN protocols" hint="Comma-separated, e.g. mqtt.">
          {(p) => <input {...p} value={values.alpn} onChange={(e) => set('alpn', e.target.value)} />}
        </Field>
        <Check label="Verify server certificate" checked={values.verifyServer} onChange={(c) => set('verifyServer', c)} />
      </div>
      {!values.verifyServer && (
        <p role="alert" className="warning">
          Verification is off: anyone between you and the broker can read and change this connection's traffic. Use it only for testing.
        </p>
      )}
    </fieldset>
  );
}

export function MqttFiveSection({ values, set, shown, blur }: SectionProps) {
  return (
    <fieldset>
      <legend>MQTT 5 connect properties</legend>
      <div className="form-grid">
        <Field label="Receive Maximum" error={shown('connectProperties.receiveMaximum', 'receiveMaximum')} hint="QoS 1/2 messages the broker may have in flight to you.">
          {(p) => <input {...p} inputMode="numeric" value={values.receiveMaximum} onChange={(e) => set('receiveMaximum', e.target.value)} onBlur={blur('receiveMaximum')} />}
        </Field>
        <Field label="Maximum packet size (bytes)" error={shown('connectProperties.maximumPacketSize', 'maximumPacketSize')}>
          {(p) => <input {...p} inputMode="numeric" value={values.maximumPacketSize} onChange={(e) => set('maximumPacketSize', e.target.value)} onBlur={blur('maximumPacketSize')} />}
        </Field>
        <Field label="Topic Alias Maximum" error={shown('connectProperties.topicAliasMaximum', 'topicAliasMaximum')}>
          {(p) => <input {...p} inputMode="numeric" value={values.topicAliasMaximum} onChange={(e) => set('topicAliasMaximum', e.target.value)} onBlur={blur('topicAliasMaximum')} />}
        </Field>
        <Check label="Request response information" checked={values.requestResponseInformation} onChange={(c) => set('requestResponseInformation', c)} />
        <Check label="Request problem information" checked={values.requestProblemInformation} onChange={(c) => set('requestProblemInformation', c)} />
        <Field label="User properties" error={shown('connectProperties.userProperties', 'userProperties')} hint="One name=value per line." wide>
          {(p) => <textarea {...p} rows={2} value={values.userProperties} onChange={(e) => set('userProperties', e.target.value)} onBlur={blur('userProperties')} />}
        </Field>
      </div>
    </fieldset>
  );
}
