import { useEffect, useState } from 'react';
import type { CheckRow } from '../../../shared/domain/brokerCheck';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';
import { useTranslation } from 'react-i18next';

/**
 * *Check broker*: the probes of `qoscope check`, run by the engine against this connection's
 * broker with short-lived clients of its own, shown as a table (pass / fail / not supported, and
 * what was seen). The user's own session is not touched; it need not even be connected.
 */
export function BrokerCheck({ connectionId, onRunning, onClose }: { connectionId: string; onRunning(running: boolean): void; onClose(): void }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const [rows, setRows] = useState<CheckRow[]>();
  const [running, setRunning] = useState(true);
  const action = useAction();

  // Mounted once per click (the header keys it by run), so the check starts here.
  useEffect(() => {
    let current = true;
    onRunning(true);
    void action.run(async () => {
      try {
        const found = await connections.checkBroker(connectionId);
        if (current) setRows(found);
      } finally {
        if (current) setRunning(false);
        onRunning(false);
      }
    });
    return () => {
      current = false;
    };
    // One check per mount.
  }, []);
  const failed = rows?.filter((row) => row.result === 'fail').length ?? 0;

  return (
    <section className="broker-check" aria-label={t('brokerCheck.title')}>
      <div className="broker-check-head">
        <h2>{t('brokerCheck.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {running && <p role="status">{t('brokerCheck.wait')}</p>}
      {action.error && (
        <p role="alert" className="error">
          {action.error}
        </p>
      )}
      {rows && (
        <>
          <p role="status" className={failed ? 'error' : 'ok'}>
            {t('brokerCheck.summary', { pass: rows.filter((r) => r.result === 'pass').length, fail: failed, unsupported: rows.filter((r) => r.result === 'not supported').length })}
          </p>
          <table aria-label={t('brokerCheck.results')}>
            <thead>
              <tr>
                <th>{t('brokerCheck.check')}</th>
                <th>{t('brokerCheck.result')}</th>
                <th>{t('brokerCheck.seen')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name} className={`check-${row.result.replace(' ', '-')}`}>
                  <td>{row.name}</td>
                  <td>{t(`brokerCheck.results_${row.result === 'not supported' ? 'unsupported' : row.result}`)}</td>
                  <td>{row.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
