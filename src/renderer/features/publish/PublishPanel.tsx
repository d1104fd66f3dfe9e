import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import type { QoS } from '../../../shared/domain/message';
import { validateTopicName } from '../../../shared/mqtt/topic';
import type { CodecResult, ViewFormat } from '../../../shared/payload/codecs/codec';
import { PAYLOAD_CODECS } from '../../../shared/payload/codecs/payloadCodecs';
import { useEngine } from '../../services/engine';
import type { PublishRequest } from '../../../shared/contract/connections';
import { useAppStore } from '../../store';
import { PayloadFormatSelect } from './PayloadFormatSelect';
import { ProtobufSchemaPicker } from './ProtobufSchemaPicker';
import { PublishPropertiesFields } from './PublishPropertiesFields';
import { PublishTemplates } from './PublishTemplates';
import { PublishHistory } from './PublishHistory';
import { RepeatControls } from './RepeatControls';
import { ReplayControls } from './ReplayControls';
import { expandPlaceholders } from '../../../shared/publish/placeholders';
import { EMPTY_PROPERTIES_DRAFT, parsePublishProperties, type PropertyField } from '../../../shared/mqtt/publishProperties';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../components/describeError';

// Monaco is most of the renderer's bytes and only this panel needs it: loaded on its own, the
// window's first paint does not wait for it to be fetched and parsed.
const PayloadEditor = lazy(() => import('./PayloadEditor').then((module) => ({ default: module.PayloadEditor })));

export function PublishPanel({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const { connections, messages } = useEngine();
  const [topic, setTopic] = useState('');
  const [payload, setPayload] = useState('');
  const [qos, setQos] = useState<QoS>(0);
  const [retain, setRetain] = useState(false);
  const [format, setFormat] = useState<ViewFormat>('text');
  const protobuf = useAppStore((s) => s.protobuf);
  const [payloadProblem, setPayloadProblem] = useState<string>();
  const [tried, setTried] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  /** Publishes clicked and not yet acknowledged, the one in flight first. */
  const queue = useRef<PublishRequest[]>([]);
  const waitingFor = useRef(false);
  const [waiting, setWaiting] = useState<QoS>();
  const [queued, setQueued] = useState(0);
  const topicProblem = topic === '' && !tried ? undefined : validateTopicName(topic) ?? undefined;
  const topicRef = useRef<HTMLInputElement>(null);
  const [propertiesDraft, setPropertiesDraft] = useState(EMPTY_PROPERTIES_DRAFT);
  const [propertyErrors, setPropertyErrors] = useState<Partial<Record<PropertyField, string>>>({});
  const isV5 = connection.profile.protocolVersion === 5;
  const brokerAliasMaximum = connection.state.status === 'connected' ? (connection.state.broker?.topicAliasMaximum ?? 0) : 65_535;

  // "Edit and publish" in the message details: take over its message and put the user at the topic.
  const fill = useAppStore((s) => s.composerFill);
  const takeFill = useAppStore((s) => s.takeComposerFill);
  useEffect(() => {
    if (!fill || fill.connectionId !== connection.id) return;
    takeFill();
    setTopic(fill.topic);
    setPayload(fill.payload);
    setFormat(fill.format);
    setQos(fill.qos);
    setRetain(fill.retain);
    setPayloadProblem(undefined);
    setResult(undefined);
    topicRef.current?.focus();
  }, [fill, takeFill, connection.id]);

  async function encode(text: string): Promise<CodecResult<Uint8Array>> {
    if (format !== 'protobuf') return PAYLOAD_CODECS[format].encode(text);
    if (!protobuf) return { ok: false, error: t('publish.chooseProto') };
    return messages.encodeProtobuf({ source: protobuf.source, type: protobuf.type }, text);
  }

  async function publish(event?: FormEvent, editorValue?: string) {
    event?.preventDefault();
    const text = editorValue ?? payload;
    setTried(true);
    if (validateTopicName(topic)) return;
    // Properties are checked first and each problem shown at its field: nothing is sent half-way.
    const parsedProperties = isV5 ? parsePublishProperties(propertiesDraft, brokerAliasMaximum) : { ok: true as const, value: undefined };
    setPropertyErrors(parsedProperties.ok ? {} : parsedProperties.errors);
    if (!parsedProperties.ok) return;
    const properties = parsedProperties.value;
    // Nothing is sent when the payload does not encode in the chosen format; the editor says why.
    const encoded = await encode(text);
    setPayloadProblem(encoded.ok ? undefined : encoded.error);
    if (!encoded.ok) return;
    // Encoded as it is now, then sent in click order: one at a time, each after the last one's ack.
    queue.current.push({ topic, payload: encoded.value, qos, retain, ...(properties ? { properties } : {}) });
    setQueued(queue.current.length - 1);
    if (!waitingFor.current) await drain();
  }

  /** Message `seq` of a repeat: the composer's message as it was at the start, placeholders filled. */
  async function sendRepeated(seq: number) {
    const topicError = validateTopicName(topic);
    if (topicError) throw new Error(topicError);
    const parsedProperties = isV5 ? parsePublishProperties(propertiesDraft, brokerAliasMaximum) : { ok: true as const, value: undefined };
    if (!parsedProperties.ok) throw new Error(Object.values(parsedProperties.errors).join('; '));
    const text = expandPlaceholders(payload, { seq, timestamp: Date.now(), uuid: () => crypto.randomUUID() });
    const encoded = await encode(text);
    if (!encoded.ok) throw new Error(encoded.error);
    const properties = parsedProperties.value;
    try {
      await connections.publish(connection.id, { topic, payload: encoded.value, qos, retain, ...(properties ? { properties } : {}) });
    } catch (error) {
      throw new Error(describeError(error));
    }
  }

  async function drain() {
    for (let request = queue.current[0]; request; request = queue.current[0]) {
      waitingFor.current = true;
      setWaiting(request.qos);
      setQueued(queue.current.length - 1);
      setResult(undefined);
      try {
        await connections.publish(connection.id, request);
        setResult({ ok: true, text: request.qos > 0 ? t('publish.publishedAcked', { topic: request.topic }) : t('publish.published', { topic: request.topic }) });
      } catch (e) {
        setResult({ ok: false, text: describeError(e) });
      }
      queue.current.shift();
    }
    waitingFor.current = false;
    setWaiting(undefined);
    setQueued(0);
  }

  return (
    <section className="panel" aria-labelledby="publish-title">
      <h2 id="publish-title">{t('publish.title')}</h2>
      <form onSubmit={(e) => void publish(e)} noValidate aria-label={t('publish.title')}>
        <div className="field">
          <label htmlFor="publish-topic">{t('publish.topic')}</label>
          <input
            id="publish-topic"
            ref={topicRef}
            value={topic}
            placeholder="home/kitchen/temperature"
            aria-invalid={topicProblem ? true : undefined}
            aria-describedby={topicProblem ? 'publish-topic-error' : undefined}
            onChange={(e) => setTopic(e.target.value)}
          />
          {topicProblem && (
            <small id="publish-topic-error" className="error">
              {topicProblem}
            </small>
          )}
        </div>
        <PayloadFormatSelect id="publish-format" label={t('publish.format')} value={format} onChange={(next) => (setFormat(next), setPayloadProblem(undefined))} writing />
        <Suspense
          fallback={
            <p role="status" className="empty" style={{ height: 140, margin: 0 }}>
              {t('publish.editorLoading', { label: t('publish.payload') })}
            </p>
          }
        >
          <PayloadEditor
            ariaLabel={t('publish.payload')}
            value={payload}
            onChange={(value) => (setPayload(value), setPayloadProblem(undefined))}
            onSubmit={(value) => void publish(undefined, value)}
            language={format === 'text' || format === 'hex' || format === 'base64' ? 'plaintext' : 'json'}
            height={140}
          />
        </Suspense>
        {format === 'protobuf' && <ProtobufSchemaPicker />}
        {payloadProblem && (
          <small className="error" role="alert" aria-label={t('publish.payloadProblem')}>
            {payloadProblem}
          </small>
        )}
        <div className="inline-form">
          <div className="field">
            <label htmlFor="publish-qos">QoS</label>
            <select id="publish-qos" value={qos} onChange={(e) => setQos(Number(e.target.value) as QoS)}>
              <option value={0}>{t('publish.qos0')}</option>
              <option value={1}>{t('publish.qos1')}</option>
              <option value={2}>{t('publish.qos2')}</option>
            </select>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} />
            {t('publish.retain')}
          </label>
          <button type="submit" className="primary" title={t('publish.sendHint')}>
            {waiting === 1 ? t('publish.waitingPuback') : waiting === 2 ? t('publish.waitingPubcomp') : t('publish.send')}
          </button>
          {queued > 0 && (
            <span role="status" aria-label={t('publish.queue')}>
              {t('publish.queued', { count: queued })}
            </span>
          )}
        </div>
        <PublishPropertiesFields
          draft={propertiesDraft}
          onChange={(next) => (setPropertiesDraft(next), setPropertyErrors({}))}
          errors={propertyErrors}
          disabledReason={isV5 ? undefined : t('publish.properties.needV5')}
        />
        {result && (
          <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>
            {result.text}
          </p>
        )}
      </form>
      <RepeatControls connectionId={connection.id} send={sendRepeated} />
      <ReplayControls connectionId={connection.id} isV5={isV5} />
      <PublishTemplates connection={connection} current={{ topic, payload, format, qos, retain }} />
      <PublishHistory connection={connection} />
    </section>
  );
}
