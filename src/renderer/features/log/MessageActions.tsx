import type { MessageRecord } from '../../../shared/domain/message';
import type { PayloadView } from '../../../shared/payload/codecs/payloadCodecs';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * What to do with a message from the details: send it again as it was, take it into the
 * publish composer to change it first, or find its PUBLISH among the captured packets.
 */
export function MessageActions({ connectionId, message, shown }: { connectionId: string; message: MessageRecord; shown: PayloadView }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const fillComposer = useAppStore((s) => s.fillComposer);
  const setPacketFilter = useAppStore((s) => s.setPacketFilter);
  const setTab = useAppStore((s) => s.setTab);
  const again = useAction();
  const [sent, setSent] = useState<string>();

  return (
    <div className="details-actions" role="group" aria-label={t('details.actions.group')}>
      <button
        type="button"
        onClick={() =>
          void again.run(async () => {
            setSent(undefined);
            await connections.publish(connectionId, { topic: message.topic, payload: message.payload, qos: message.qos, retain: message.retain });
            setSent(t('details.actions.published', { topic: message.topic }));
          })
        }
      >
        {t('details.actions.again')}
      </button>
      <button
        type="button"
        onClick={() => fillComposer({ connectionId, topic: message.topic, payload: shown.text, format: shown.format, qos: message.qos, retain: message.retain })}
      >
        {t('details.actions.edit')}
      </button>
      <button
        type="button"
        className="link"
        onClick={() => {
          // The store does not keep packet ids; type, direction and exact topic narrow the capture to this message's PUBLISHes.
          setPacketFilter({ type: 'PUBLISH', direction: message.direction, topic: message.topic, packetId: '' });
          setTab('packets');
        }}
      >
        {t('details.actions.packet')}
      </button>
      {sent && <span role="status">{sent}</span>}
      {again.error && (
        <span role="alert" className="error">
          {again.error}
        </span>
      )}
    </div>
  );
}
