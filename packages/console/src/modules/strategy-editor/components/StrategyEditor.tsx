import { useCallback, useMemo } from 'react';
import { Alert, Badge, Tabs } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { authoringParts, strategyEditorApi } from '../../../api/strategy-editor-api.ts';
import type { StrategyPackage } from '../../../api/types.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { validateBands } from '../model/score-bands.ts';
import { EditorContext, type EditorContextValue } from './editor-context.ts';
import { FeaturesPanel } from './FeaturesPanel.tsx';
import { FlowPanel } from './FlowPanel.tsx';
import { RuleSetsPanel } from './RuleSetsPanel.tsx';
import { RulesPanel } from './RulesPanel.tsx';
import { ScoreBandsPanel } from './ScoreBandsPanel.tsx';
import { TestCasesPanel } from './TestCasesPanel.tsx';
import { VariablesPanel } from './VariablesPanel.tsx';

const FIRST_TAB = 'rules';

export interface StrategyEditorProps {
  /** The event type the strategy decides (its schema types the CEL expressions). */
  eventType: string;
  /** The package document being shown or edited. */
  value: StrategyPackage;
  /** Called with the whole new document after every edit; absent: read-only. */
  onChange?: (next: StrategyPackage) => void;
}

/** A strategy package: its variables, features, rules, rule sets, flow and score bands. */
export function StrategyEditor({ eventType, value, onChange }: StrategyEditorProps) {
  const { t } = useI18n();
  const text = useText();
  const parts = useMemo(() => authoringParts(value), [value]);
  // The catalogue changes with the names the package defines, not with every keystroke elsewhere.
  const namesKey = useMemo(() => JSON.stringify(parts), [parts]);
  const catalogue = useQuery({
    queryKey: ['strategy-editor', 'catalogue', eventType, namesKey],
    queryFn: () => strategyEditorApi.catalogue(eventType, parts),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const update = useCallback((change: (pkg: StrategyPackage) => StrategyPackage) => onChange?.(change(value)), [onChange, value]);
  const ctx: EditorContextValue = {
    eventType,
    pkg: value,
    ...(catalogue.data ? { catalogue: catalogue.data } : {}),
    parts,
    readOnly: !onChange,
    ...(onChange ? { update } : {}),
    text,
  };
  const bandProblems = value.flow.stages.reduce((n, s) => n + ('bands' in s && s.bands ? validateBands(s.bands).filter((i) => i.severity === 'error').length : 0), 0);
  const count = (n: number, label: string, warn = false) => (
    <span>
      {label} <Badge count={n} showZero color={warn ? '#f5222d' : '#d9d9d9'} style={warn ? undefined : { color: 'rgba(0,0,0,0.65)' }} size="small" />
    </span>
  );
  const scoreStages = value.flow.stages.filter((s) => s.type === 'score' || (s.type === 'model' && s.bands));

  return (
    <EditorContext.Provider value={ctx}>
      <div data-testid="strategy-editor" data-readonly={!onChange ? 'true' : 'false'}>
        {catalogue.isError && <Alert type="warning" showIcon title={t('strategyEditor.catalogueFailed')} style={{ marginBottom: 8 }} />}
        <Tabs
          defaultActiveKey={FIRST_TAB}
          destroyOnHidden
          items={[
            { key: 'rules', label: count(value.rules.length, t('strategyEditor.tab.rules')), children: <RulesPanel /> },
            { key: 'ruleSets', label: count(value.ruleSets.length, t('strategyEditor.tab.ruleSets')), children: <RuleSetsPanel /> },
            { key: 'variables', label: count(value.variables.length, t('strategyEditor.tab.variables')), children: <VariablesPanel /> },
            { key: 'features', label: count(value.features.length, t('strategyEditor.tab.features')), children: <FeaturesPanel /> },
            { key: 'flow', label: count(value.flow.stages.length, t('strategyEditor.tab.flow')), children: <FlowPanel /> },
            { key: 'bands', label: count(bandProblems || scoreStages.length, t('strategyEditor.tab.bands'), bandProblems > 0), children: <ScoreBandsPanel /> },
            { key: 'tests', label: count(value.testCases?.length ?? 0, t('strategyEditor.tab.tests')), children: <TestCasesPanel /> },
          ].map((i) => ({ ...i, label: <span data-testid={`editor-tab-${i.key}`}>{i.label}</span> }))}
        />
      </div>
    </EditorContext.Provider>
  );
}
