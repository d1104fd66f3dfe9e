import { useEffect, useLayoutEffect, useRef } from 'react';
import { monaco } from './monacoSetup';
import { useAppStore } from '../../store';
import { isDarkTheme } from '../../store/settingsSlice';
import { useTranslation } from 'react-i18next';

export interface PayloadEditorProps {
  value: string;
  onChange(value: string): void;
  /** Called with what the editor holds at that moment (React state may not have caught up yet). */
  onSubmit(value: string): void;
  ariaLabel: string;
  language?: 'plaintext' | 'json';
  height?: number;
}

const DEFAULT_HEIGHT = 160;

/** A Monaco editor for a message payload, controlled through `value`/`onChange`; Ctrl/Cmd+Enter submits. */
export function PayloadEditor({
  value,
  onChange,
  onSubmit,
  ariaLabel,
  language = 'plaintext',
  height = DEFAULT_HEIGHT,
}: PayloadEditorProps) {
  const { t } = useTranslation();
  const hostRef = useRef<HTMLDivElement>(null);
  const editorTheme = useAppStore(isDarkTheme) ? 'vs-dark' : 'vs';
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // Monaco's listeners are bound once at creation; reading props through a ref means they always
  // see the latest render instead of the closure they were created in.
  const latest = useRef({ value, onChange, onSubmit, ariaLabel, language, editorTheme });
  useLayoutEffect(() => {
    latest.current = { value, onChange, onSubmit, ariaLabel, language, editorTheme };
  });
  // Set while we write a prop into the model, so that write is not echoed back as a user edit.
  const applyingProp = useRef(false);
  // What the model holds, as a string we already have: comparing against it is a pointer check,
  // where model.getValue() would rebuild the whole payload on every keystroke.
  const modelText = useRef(value);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const initial = latest.current;
    const editor = monaco.editor.create(host, {
      value: initial.value,
      language: initial.language,
      ariaLabel: initial.ariaLabel,
      theme: initial.editorTheme,
      minimap: { enabled: false },
      automaticLayout: true,
      wordWrap: 'on',
      lineNumbers: 'off',
      scrollBeyondLastLine: false,
      fontSize: 13,
      fixedOverflowWidgets: true,
      // Suggestions that pop up while typing would make Enter accept a word instead of starting a
      // new line, which is wrong for free-form payload text. Ctrl+Space still asks for them.
      quickSuggestions: false,
      suggestOnTriggerCharacters: false,
      wordBasedSuggestions: 'off',
      // In a box this small, pinned scope lines for nested JSON would cover most of the text.
      stickyScroll: { enabled: false },
      // Typing a bracket or quote over a selection would wrap it instead of replacing it: typing
      // (or pasting keystroke by keystroke) a new JSON over the old one left malformed JSON behind.
      autoSurround: 'never',
    });
    editorRef.current = editor;
    modelText.current = initial.value;

    const contentListener = editor.onDidChangeModelContent(() => {
      if (applyingProp.current) return;
      modelText.current = editor.getValue();
      latest.current.onChange(modelText.current);
    });
    // addAction rather than addCommand: addCommand's keybinding is global to all standalone
    // editors, so with two payload editors on screen it could fire the wrong one's callback.
    // It also takes precedence over Monaco's own Ctrl+Enter ("insert line below").
    editor.addAction({
      id: 'qoscope.payload.submit',
      label: 'Submit',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: (editor) => latest.current.onSubmit(editor.getModel()?.getValue() ?? latest.current.value),
    });

    // Tab types an indent, so a keyboard user needs a way out: Esc then Tab (or Shift+Tab) moves
    // the focus on, as in VS Code. Monaco's own tab focus mode does the moving; it is on only
    // between the Esc and the next key. (Ctrl+M, Monaco's toggle, keeps it on until pressed again.)
    let leaving = false;
    const leave = (on: boolean) => {
      if (leaving === on) return;
      leaving = on;
      editor.updateOptions({ tabFocusMode: on });
    };
    const keyListener = editor.onKeyDown((event) => {
      if (event.keyCode === monaco.KeyCode.Escape) leave(true);
      else if (event.keyCode !== monaco.KeyCode.Tab && event.keyCode !== monaco.KeyCode.Shift) leave(false);
    });
    const blurListener = editor.onDidBlurEditorText(() => leave(false));

    return () => {
      keyListener.dispose();
      blurListener.dispose();
      contentListener.dispose();
      // Also disposes the model: the editor created it from `value`, so it owns it.
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  // A layout effect, not a passive one: Monaco's input events are not ones React treats as
  // discrete, so a passive effect could run after further keystrokes had landed, find the model
  // ahead of this (already stale) `value`, and write the stale text back over the user's typing.
  // Layout effects run in the same task as the commit, before any further input is handled.
  useLayoutEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    // Equal means the change came from typing in this editor: leave the cursor alone.
    if (!editor || !model || value === modelText.current) return;
    applyingProp.current = true;
    try {
      // An edit (not setValue) keeps the undo history, so Ctrl+Z can bring back a cleared payload.
      editor.pushUndoStop();
      editor.executeEdits('payload-prop', [{ range: model.getFullModelRange(), text: value }]);
      editor.pushUndoStop();
      modelText.current = value;
    } finally {
      applyingProp.current = false;
    }
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
  }, [language]);

  useEffect(() => {
    editorRef.current?.updateOptions({ ariaLabel });
  }, [ariaLabel]);

  // Monaco's theme is global to every editor on the page; all of them follow the app's.
  useEffect(() => {
    monaco.editor.setTheme(editorTheme);
  }, [editorTheme]);

  return (
    <div role="group" aria-label={t('publish.editorGroup', { label: ariaLabel })} style={{ position: 'relative', height }}>
      {/* Absolutely positioned so the editor's pixel width never props open a flex or grid parent. */}
      <div ref={hostRef} style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}
