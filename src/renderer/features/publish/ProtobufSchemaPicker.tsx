import { useId, useState } from 'react';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { useTranslation } from 'react-i18next';

/** Where the user gives the .proto file and picks the message type; one choice for details and publish. */
export function ProtobufSchemaPicker() {
  const { t } = useTranslation();
  const { messages } = useEngine();
  const choice = useAppStore((s) => s.protobuf);
  const setProtobuf = useAppStore((s) => s.setProtobuf);
  const setType = useAppStore((s) => s.setProtobufType);
  const [problem, setProblem] = useState<string>();
  const id = useId();

  async function load(file: File | undefined) {
    if (!file) return;
    setProblem(undefined);
    try {
      const source = await file.text();
      const types = await messages.protobufTypes(source);
      if (!types.ok) return setProblem(types.error);
      setProtobuf({ fileName: file.name, source, types: types.value, type: types.value[0]! });
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  return (
    <div className="protobuf-picker">
      <div className="field">
        <label htmlFor={`${id}-file`}>{choice ? t('publish.protoFileNamed', { name: choice.fileName }) : t('publish.protoFile')}</label>
        <input id={`${id}-file`} type="file" accept=".proto,text/plain" onChange={(e) => void load(e.target.files?.[0])} />
      </div>
      {choice && (
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('publish.messageType')}</label>
          <select id={`${id}-type`} value={choice.type} onChange={(e) => setType(e.target.value)}>
            {choice.types.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </div>
      )}
      {problem && (
        <small className="error" role="alert">
          {problem}
        </small>
      )}
    </div>
  );
}
