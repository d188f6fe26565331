import { Typography } from 'antd';
import type { StrategyPackage } from '../../../api/types.ts';

export interface StrategyEditorProps {
  /** The event type the strategy decides (its schema types the CEL expressions). */
  eventType: string;
  /** The package document being shown or edited. */
  value: StrategyPackage;
  /** Called with the whole new document after every edit; absent: read-only. */
  onChange?: (next: StrategyPackage) => void;
}

/** A strategy package: its variables, features, rules, rule sets, flow and score bands. */
export function StrategyEditor({ value }: StrategyEditorProps) {
  return <Typography.Paragraph code>{JSON.stringify(value, null, 2)}</Typography.Paragraph>;
}
