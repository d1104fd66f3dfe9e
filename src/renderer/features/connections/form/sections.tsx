import type { FormValues } from './formModel';
import { Check, Field } from '../../../components/Field';
import { useTranslation } from 'react-i18next';

type SectionProps = {
  values: FormValues;
  set<K extends keyof FormValues>(field: K, value: FormValues[K]): void;
  shown(path: string, touchKey?: string): string | undefined;
  blur(key: string): () => void;
};

export function WillSection({ values, set, shown, blur }: SectionProps) {
  const { t } = useTranslation();
  const isV5 = values.protocolVersion === 5;
  return (
    <fieldset>
      <legend>{t('form.will.title')}</legend>
      <Check label={t('form.will.enabled')} checked={values.willEnabled} onChange={(c) => set('willEnabled', c)} hint={t('form.will.enabledHint')} />
      {values.willEnabled && (
        <div className="form-grid">
          <Field label={t('form.will.topic')} error={shown('will.topic', 'willTopic')}>
            {(p) => <input {...p} value={values.willTopic} onChange={(e) => set('willTopic', e.target.value)} onBlur={blur('willTopic')} />}
          </Field>
          <Field label={t('form.will.payload')} error={shown('will.payload', 'willPayload')}>
            {(p) => <input {...p} value={values.willPayload} onChange={(e) => set('willPayload', e.target.value)} />}
          </Field>
          <Field label={t('form.will.qos')}>
            {(p) => (
              <select {...p} value={values.willQos} onChange={(e) => set('willQos', Number(e.target.value) as 0 | 1 | 2)}>
                <option value={0}>0</option>
                <option value={1}>1</option>
                <option value={2}>2</option>
              </select>
            )}
          </Field>
          <Check label={t('form.will.retain')} checked={values.willRetain} onChange={(c) => set('willRetain', c)} />
          {isV5 && (
            <>
              <Field label={t('form.will.delay')} error={shown('will.delayInterval', 'willDelay')} hint={t('form.will.delayHint')}>
                {(p) => <input {...p} inputMode="numeric" value={values.willDelay} onChange={(e) => set('willDelay', e.target.value)} onBlur={blur('willDelay')} />}
              </Field>
              <Field label={t('form.will.expiry')} error={shown('will.messageExpiryInterval', 'willExpiry')}>
                {(p) => <input {...p} inputMode="numeric" value={values.willExpiry} onChange={(e) => set('willExpiry', e.target.value)} onBlur={blur('willExpiry')} />}
              </Field>
              <Field label={t('form.will.contentType')}>
                {(p) => <input {...p} value={values.willContentType} onChange={(e) => set('willContentType', e.target.value)} placeholder="application/json" />}
              </Field>
              <Field label={t('form.will.responseTopic')} error={shown('will.responseTopic', 'willResponseTopic')}>
                {(p) => <input {...p} value={values.willResponseTopic} onChange={(e) => set('willResponseTopic', e.target.value)} onBlur={blur('willResponseTopic')} />}
              </Field>
              <Field label={t('form.will.correlationData')}>
                {(p) => <input {...p} value={values.willCorrelationData} onChange={(e) => set('willCorrelationData', e.target.value)} />}
              </Field>
              <Field label={t('form.will.userProperties')} error={shown('will.userProperties', 'willUserProperties')} hint={t('form.userPropertiesHint')} wide>
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
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('form.tls.title')}</legend>
      <div className="form-grid">
        <Field label={t('form.tls.ca')} error={shown('tls.caFiles', 'caFiles')} hint={t('form.tls.caHint')} wide>
          {(p) => <textarea {...p} rows={2} value={values.caFiles} onChange={(e) => set('caFiles', e.target.value)} onBlur={blur('caFiles')} placeholder="/path/to/ca.pem" />}
        </Field>
        <Field label={t('form.tls.cert')} error={shown('tls.certFile', 'certFile') ?? shown('tls', 'certFile')}>
          {(p) => <input {...p} value={values.certFile} onChange={(e) => set('certFile', e.target.value)} onBlur={blur('certFile')} placeholder="/path/to/client.pem" />}
        </Field>
        <Field label={t('form.tls.key')} error={shown('tls.keyFile', 'keyFile')}>
          {(p) => <input {...p} value={values.keyFile} onChange={(e) => set('keyFile', e.target.value)} onBlur={blur('keyFile')} placeholder="/path/to/client.key" />}
        </Field>
        <Field label={t('form.tls.passphrase')} error={shown('tls.passphrase', 'passphrase')} hint={keepPassphrase ? t('form.tls.keepPassphrase') : undefined}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={values.passphrase} onChange={(e) => set('passphrase', e.target.value)} onBlur={blur('passphrase')} />}
        </Field>
        <Field label={t('form.tls.serverName')} hint={t('form.tls.serverNameHint')}>
          {(p) => <input {...p} value={values.serverName} onChange={(e) => set('serverName', e.target.value)} />}
        </Field>
        <Field label={t('form.tls.alpn')} hint={t('form.tls.alpnHint')}>
          {(p) => <input {...p} value={values.alpn} onChange={(e) => set('alpn', e.target.value)} />}
        </Field>
        <Check label={t('form.tls.verify')} checked={values.verifyServer} onChange={(c) => set('verifyServer', c)} />
      </div>
      {!values.verifyServer && (
        <p role="alert" className="warning">
          {t('form.tls.verifyOff')}
        </p>
      )}
    </fieldset>
  );
}

export function MqttFiveSection({ values, set, shown, blur }: SectionProps) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('form.v5.title')}</legend>
      <div className="form-grid">
        <Field label={t('form.v5.receiveMaximum')} error={shown('connectProperties.receiveMaximum', 'receiveMaximum')} hint={t('form.v5.receiveMaximumHint')}>
          {(p) => <input {...p} inputMode="numeric" value={values.receiveMaximum} onChange={(e) => set('receiveMaximum', e.target.value)} onBlur={blur('receiveMaximum')} />}
        </Field>
        <Field label={t('form.v5.maximumPacketSize')} error={shown('connectProperties.maximumPacketSize', 'maximumPacketSize')}>
          {(p) => <input {...p} inputMode="numeric" value={values.maximumPacketSize} onChange={(e) => set('maximumPacketSize', e.target.value)} onBlur={blur('maximumPacketSize')} />}
        </Field>
        <Field label={t('form.v5.topicAliasMaximum')} error={shown('connectProperties.topicAliasMaximum', 'topicAliasMaximum')}>
          {(p) => <input {...p} inputMode="numeric" value={values.topicAliasMaximum} onChange={(e) => set('topicAliasMaximum', e.target.value)} onBlur={blur('topicAliasMaximum')} />}
        </Field>
        <Check label={t('form.v5.requestResponseInformation')} checked={values.requestResponseInformation} onChange={(c) => set('requestResponseInformation', c)} />
        <Check label={t('form.v5.requestProblemInformation')} checked={values.requestProblemInformation} onChange={(c) => set('requestProblemInformation', c)} />
        <Field label={t('form.v5.userProperties')} error={shown('connectProperties.userProperties', 'userProperties')} hint={t('form.userPropertiesHint')} wide>
          {(p) => <textarea {...p} rows={2} value={values.userProperties} onChange={(e) => set('userProperties', e.target.value)} onBlur={blur('userProperties')} />}
        </Field>
      </div>
    </fieldset>
  );
}
