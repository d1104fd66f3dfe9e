import { useState } from 'react';
import { useBrokerViewText } from './useBrokerViewText';
import { useAction } from '../../components/useAction';
import { useRefreshing } from '../../components/useRefreshing';
import { useEngine } from '../../services/engine';
import { payloadPreview } from '../../../shared/payload/preview';

const PAGE = 100;
/** Enough to read a JSON document; the message log is the place for the whole of a large one. */
const DETAIL_CHARS = 20_000;

/** The broker's retained messages: search by topic, page through, read one, delete one. */
export function BrokerRetained({ tick }: { tick: number }) {
  const { t } = useBrokerViewText();
  const { broker } = useEngine();
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string>();
  const { run, error } = useAction();
  const [changes, setChanges] = useState(0);
  const { value: page } = useRefreshing(() => broker.retained({ search, offset, limit: PAGE }), `${search}\n${offset}`, tick + changes);
  const { value: detail } = useRefreshing(() => (selected ? broker.retainedMessage(selected) : Promise.resolve(undefined)), selected ?? '', changes);

  const remove = (topic: string) =>
    run(async () => {
      await broker.deleteRetained(topic);
      if (selected === topic) setSelected(undefined);
      setChanges((value) => value + 1);
    });

  return (
    <div className="broker-retained">
      <label className="field">
        <span>{t('searchRetained')}</span>
        <input
          type="search"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setOffset(0);
          }}
        />
      </label>
      <p role="status" className="muted">
        {page ? t('retainedCount', { matching: page.matching.toLocaleString(), total: page.total.toLocaleString() }) : ''}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="table-scroll">
        <table aria-label={t('retainedTable')}>
          <thead>
            <tr>
              <th scope="col">{t('colTopic')}</th>
              <th scope="col">{t('colSize')}</th>
              <th scope="col">QoS</th>
              <th scope="col">{t('colPayload')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {page?.rows.map((row) => (
              <tr key={row.topic} aria-selected={selected === row.topic}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => setSelected(row.topic)}>
                    {row.topic}
                  </button>
                </th>
                <td>{t('bytes', { count: row.bytes })}</td>
                <td>{row.qos}</td>
                <td className="payload-preview">{row.preview}</td>
                <td>
                  <button type="button" aria-label={t('deleteRetained', { topic: row.topic })} onClick={() => void remove(row.topic)}>
                    {t('deleteShort')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t('previous')}
        </button>
        <button type="button" disabled={!page || offset + PAGE >= page.matching} onClick={() => setOffset(offset + PAGE)}>
          {t('next')}
        </button>
      </div>
      {detail && (
        <section className="retained-detail" aria-label={t('retainedDetail', { topic: detail.topic })}>
          <h3>{detail.topic}</h3>
          <pre>{payloadPreview(detail.payload, DETAIL_CHARS).text}</pre>
          {detail.properties && <pre className="muted">{JSON.stringify(detail.properties, null, 2)}</pre>}
        </section>
      )}
    </div>
  );
}
