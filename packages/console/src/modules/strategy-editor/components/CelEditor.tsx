import { useEffect, useRef, useState } from 'react';
import { Space, Typography } from 'antd';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, RangeSetBuilder } from '@codemirror/state';
import { Decoration, EditorView, keymap, placeholder as cmPlaceholder, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { ApiError } from '../../../api/api-error.ts';
import { strategyEditorApi } from '../../../api/strategy-editor-api.ts';
import type { CheckExpressionRequest } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { CEL_TOKEN_CLASS, completionsFor, LIST_ARGUMENT } from '../model/cel-completion.ts';
import { tokenizeCel } from '../model/cel-tokens.ts';
import { useEditorContext } from './editor-context.ts';

export type CelContext = NonNullable<CheckExpressionRequest['context']>;

export interface CelEditorProps {
  value: string;
  onChange?: (next: string) => void;
  /** Where the expression sits: decides what it sees and its required type. */
  context: CelContext;
  /** context 'variable': the variable being written. */
  variable?: string;
  testId?: string;
  minHeight?: number;
}

function highlight(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  for (const tok of tokenizeCel(view.state.doc.toString())) {
    const cls = CEL_TOKEN_CLASS[tok.type];
    if (cls && tok.to > tok.from) b.add(tok.from, tok.to, Decoration.mark({ class: cls }));
  }
  return b.finish();
}

const celHighlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = highlight(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = highlight(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

const theme = EditorView.theme({
  '&': { border: '1px solid #d9d9d9', borderRadius: '6px', fontSize: '13px', backgroundColor: '#fff' },
  '&.cm-focused': { outline: 'none', borderColor: '#1677ff', boxShadow: '0 0 0 2px rgba(5,145,255,0.1)' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', padding: '6px 0' },
  '.cm-cel-string': { color: '#a31515' },
  '.cm-cel-number': { color: '#098658' },
  '.cm-cel-keyword': { color: '#0000ff', fontWeight: '600' },
  '.cm-cel-identifier': { color: '#001080' },
  '.cm-cel-function': { color: '#795e26' },
  '.cm-cel-operator': { color: '#af00db' },
  '.cm-cel-comment': { color: '#008000', fontStyle: 'italic' },
  '.cm-cel-invalid': { textDecoration: 'underline wavy #f5222d' },
  '.cm-tooltip-autocomplete ul li': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' },
});

/**
 * A CEL expression editor: highlighting, completion of fields, features, variables, lists, params
 * and functions from the authoring catalogue, and live type-checking on the server (300 ms after
 * typing stops) shown as lint marks with the checked type below.
 */
export function CelEditor({ value, onChange, context, variable, testId = 'cel-editor', minHeight = 60 }: CelEditorProps) {
  const { t } = useI18n();
  const ctx = useEditorContext();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  /** Set while a new `value` from the parent is written into the editor: not an edit to report back. */
  const external = useRef(false);
  const live = useRef({ ctx, onChange, context, variable, t });
  live.current = { ctx, onChange, context, variable, t };
  const [result, setResult] = useState<{ type?: string; ok: boolean; failed?: string; message?: string } | null>(null);
  const readOnly = !onChange;

  useEffect(() => {
    if (!host.current) return;
    const complete = (cc: CompletionContext): CompletionResult | null => {
      const catalogue = live.current.ctx.catalogue;
      if (!catalogue) return null;
      const before = cc.state.sliceDoc(Math.max(0, cc.pos - 80), cc.pos);
      const inList = LIST_ARGUMENT.exec(before);
      if (inList) {
        return {
          from: cc.pos - inList[1]!.length,
          options: catalogue.lists.map((l) => ({ label: l.key, type: 'constant', detail: `${l.kind} · ${l.dimension}`, info: live.current.ctx.text(l.name) })),
          validFor: /^[A-Za-z0-9_]*$/,
        };
      }
      const word = cc.matchBefore(/[A-Za-z_][\w.]*/);
      if (!word && !cc.explicit) return null;
      return {
        from: word?.from ?? cc.pos,
        options: completionsFor(catalogue, live.current.context).map((o) => ({ ...o, ...(o.info ? { info: o.info } : {}) })),
        validFor: /^[\w.]*$/,
      };
    };
    const check = async (v: EditorView): Promise<Diagnostic[]> => {
      const source = v.state.doc.toString();
      const { ctx: c, context: where, variable: name } = live.current;
      if (!source.trim()) {
        setResult(null);
        return [];
      }
      try {
        const r = await strategyEditorApi.check({ eventType: c.eventType, package: c.parts, expression: source, context: where, ...(name ? { variable: name } : {}) });
        if (v.state.doc.toString() !== source) return [];
        const first = r.diagnostics[0];
        setResult({ ok: r.ok, ...(r.type ? { type: r.type } : {}), ...(first ? { message: first.message } : {}) });
        return r.diagnostics.map((d) => ({ from: Math.min(d.from, source.length), to: Math.min(Math.max(d.to, d.from), source.length), severity: d.severity, message: d.message, source: d.code }));
      } catch (e) {
        const message = e instanceof ApiError ? e.message : live.current.t('strategyEditor.cel.checkFailed');
        setResult({ ok: false, failed: message });
        return [{ from: 0, to: source.length, severity: 'error', message }];
      }
    };
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          closeBrackets(),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
          celHighlighter,
          theme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': live.current.t('strategyEditor.cel.aria'), spellcheck: 'false' }),
          cmPlaceholder(live.current.t('strategyEditor.cel.placeholder')),
          autocompletion({ override: [complete], activateOnTyping: true, icons: true }),
          linter(check, { delay: 300 }),
          lintGutter(),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !external.current) live.current.onChange?.(u.state.doc.toString());
          }),
          EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: `${minHeight}px` } }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; later props reach it through `live` and the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      external.current = true;
      try {
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
      } finally {
        external.current = false;
      }
    }
  }, [value]);

  return (
    <div data-testid={testId}>
      <div ref={host} />
      <Space size={8} wrap style={{ marginTop: 4 }}>
        {result?.type && (
          <Typography.Text type="secondary" data-testid={`${testId}-type`}>
            {t('strategyEditor.cel.type', { type: result.type })}
          </Typography.Text>
        )}
        {result && !result.failed && (
          <Typography.Text type={result.ok ? (result.message ? 'warning' : 'success') : 'danger'} data-testid={`${testId}-status`}>
            {result.ok ? t('strategyEditor.cel.ok') : t('strategyEditor.cel.problems')}
          </Typography.Text>
        )}
        {result?.message && (
          <Typography.Text type={result.ok ? 'warning' : 'danger'} data-testid={`${testId}-message`} style={{ fontSize: 12 }}>
            {result.message}
          </Typography.Text>
        )}
        {result?.failed && (
          <Typography.Text type="danger" data-testid={`${testId}-message`} style={{ fontSize: 12 }}>
            {result.failed}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}
