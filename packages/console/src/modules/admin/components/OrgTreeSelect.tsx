import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { useText } from '../../../components/use-text.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { orgTree } from '../../org-scope/org-tree.ts';

/** A picker of the orgs the user may see, as a tree. */
export function OrgTreeSelect({ value, onChange, allowClear, placeholder, testId, style, disabled }: { value?: string; onChange?: (v: string | undefined) => void; allowClear?: boolean; placeholder?: string; testId?: string; style?: React.CSSProperties; disabled?: boolean }) {
  const { orgs } = useOrgScope();
  const text = useText();
  const tree = useMemo(() => orgTree(orgs, (o) => text(o.name)), [orgs, text]);
  return <TreeSelect value={value} onChange={(v) => onChange?.(v ?? undefined)} treeData={tree} treeDefaultExpandAll allowClear={allowClear} disabled={disabled} placeholder={placeholder} showSearch treeNodeFilterProp="title" data-testid={testId} style={{ minWidth: 220, ...style }} />;
}
