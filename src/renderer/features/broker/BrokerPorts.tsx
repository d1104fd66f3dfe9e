import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { brokerPortsSchema, type BrokerStatus } from '../../../shared/domain/broker';
import { Field } from '../../components/Field';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';

/**
 * The embedded broker's ports: chosen here, remembered, and kept. A port another program holds
 * is named, with a free one offered on a button; the broker never moves to it on its own.
 */
export function BrokerPorts({ status }: { status: BrokerStatus }) {
  const { t } = useTranslation();
  const { broker } = useEngine();
  const { run, error } = useAction();
  const [mqtt, setMqtt] = useState('');
  const [ws, setWs] = useState('');
  const [problems, setProblems] = useState<{ mqtt?: string; ws?: string }>({});

  // What the broker uses now; read again whenever its status changes (a choice was applied).
  useEffect(() => {
    let current = true;
    void broker.ports().then((ports) => {
      if (!current) return;
      setMqtt(String(ports.mqttPort));
      setWs(String(ports.wsPort));
    });
    return () => {
      current = false;
    };
  }, [broker, status.state]);

  function apply(mqttPort: number, wsPort: number) {
    const parsed = brokerPortsSchema.safeParse({ mqttPort, wsPort });
    if (!parsed.success) {
      const found: { mqtt?: string; ws?: string } = {};
      for (const issue of parsed.error.issues) found[issue.path[0] === 'mqttPort' ? 'mqtt' : 'ws'] ??= t('broker.badPort');
      if (mqttPort === wsPort) found.ws = t('broker.samePorts');
      setProblems(found);
      return;
    }
    setProblems({});
    void run(async () => {
      await broker.usePorts(parsed.data);
    });
  }

  const busy = status.state === 'stopped' ? status.busy : undefined;
  const offer = busy?.free;

  return (
    <>
      {busy && (
        <div role="alert" className="error broker-busy">
          <p>{t(busy.listener === 'mqtt' ? 'broker.busyMqtt' : 'broker.busyWs', { port: busy.port })}</p>
          {offer !== undefined && (
            <button type="button" onClick={() => apply(busy.listener === 'mqtt' ? offer : Number(mqtt), busy.listener === 'ws' ? offer : Number(ws))}>
              {t('broker.useFree', { port: offer })}
            </button>
          )}
        </div>
      )}
      <details className="broker-ports" open={busy !== undefined ? true : undefined}>
        <summary>{t('broker.choosePorts')}</summary>
        <Field label={t('broker.mqttPort')} error={problems.mqtt}>
          {(field) => <input {...field} inputMode="numeric" value={mqtt} onChange={(e) => setMqtt(e.target.value)} />}
        </Field>
        <Field label={t('broker.wsPort')} error={problems.ws}>
          {(field) => <input {...field} inputMode="numeric" value={ws} onChange={(e) => setWs(e.target.value)} />}
        </Field>
        <button type="button" onClick={() => apply(portNumber(mqtt), portNumber(ws))} disabled={status.state === 'starting'}>
          {t('broker.usePorts')}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </details>
    </>
  );
}

/** NaN for anything that is not plain digits, so the schema refuses it with the port's message. */
function portNumber(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}
