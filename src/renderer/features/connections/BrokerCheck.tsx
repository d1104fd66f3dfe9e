import { useEffect, useState } from 'react';
import type { CheckReport, CheckRow } from '../../../shared/domain/brokerCheck';
import { saveExport } from '../../components/saveExport';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';
import { useTranslation } from 'react-i18next';
import { CheckPackets } from './CheckPackets';

/**
 * *Check broker*: the probes of `qoscope check`, run by the engine against this connection's
 * broker with short-lived clients of its own, shown as a table (pass / fail / not supported, and
 * what was seen). The user's own session is not touched; it need not even be connected. Each row
 * opens the packets that prove it; the whole check exports as pcapng.
 */
export function BrokerCheck({ connectionId, onRunning, onClose }: { connectionId: string; onRunning(running: boolean): void; onClose(): void }) {
  const { t } = useTranslation();
  const { connections, inspector } = useEngine();
  const [report, setReport] = useState<CheckReport>();
  const [shown, setShown] = useState<string>();
  const rows = report?.rows;
  const [running, setRunning] = useState(true);
  const action = useAction();

  // Mounted once per click (the header keys it by run), so the check starts here.
  useEffect(() => {
    let current = true;
    onRunning(true);
    void action.run(async () => {
      try {
        const found = await connections.checkBroker(connectionId);
        if (current) setReport(found);
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
  const captureId = report?.captureId;
  const shownRow = rows?.find((row): row is CheckRow & { packets: { first: number; last: number } } => row.name === shown && row.packets !== undefined);

  return (
    <section className="broker-check" aria-label={t('brokerCheck.title')}>
      <div className="broker-check-head">
        <h2>{t('brokerCheck.title')}</h2>
        <span className="broker-check-actions">
          {captureId && (
            <button type="button" onClick={() => void action.run(async () => saveExport(await inspector.exportPcapng(captureId)))}>
              {t('brokerCheck.exportPcapng')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </span>
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
                <th>{t('brokerCheck.packets')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name} className={`check-${row.result.replace(' ', '-')}`}>
                  <td>{row.name}</td>
                  <td>{t(`brokerCheck.results_${row.result === 'not supported' ? 'unsupported' : row.result}`)}</td>
                  <td>{row.detail}</td>
                  <td>
                    {captureId && row.packets && (
                      <button
                        type="button"
                        className="link"
                        aria-pressed={shown === row.name}
                        aria-label={t('brokerCheck.showPackets', { name: row.name, first: row.packets.first, last: row.packets.last })}
                        onClick={() => setShown(shown === row.name ? undefined : row.name)}
                      >
                        {row.packets.first}–{row.packets.last}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {captureId && shownRow && <CheckPackets key={shownRow.name} captureId={captureId} row={shownRow} onClose={() => setShown(undefined)} />}
        </>
      )}
    </section>
  );
}
