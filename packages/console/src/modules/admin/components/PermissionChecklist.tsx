import { Checkbox, Col, Row, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { hasMessage } from '../../../i18n/translate.ts';
import { groupPermissions } from '../utils/permission-groups.ts';

/** The permission catalogue as a checklist grouped by object; what the caller lacks is disabled. */
export function PermissionChecklist({ catalogue, held, value = [], onChange, readOnly }: { catalogue: readonly string[]; held: ReadonlySet<string>; value?: string[]; onChange?: (v: string[]) => void; readOnly?: boolean }) {
  const { t } = useI18n();
  const label = (key: string, fallback: string) => (hasMessage(key) ? t(key) : fallback);
  const toggle = (p: string, on: boolean) => onChange?.(on ? [...value, p] : value.filter((x) => x !== p));
  if (readOnly)
    return (
      <div data-testid="permission-checklist">
        {groupPermissions(catalogue.filter((p) => value.includes(p))).map((g) => (
          <div key={g.group} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{label(`admin.permGroup.${g.group}`, g.group)}</Typography.Text>
            <div>
              {g.permissions.map((p) => (
                <Tooltip key={p} title={p}>
                  <Tag color="blue" style={{ marginTop: 4 }} data-testid={`perm-granted-${p}`}>
                    {label(`admin.perm.${p}`, p)}
                  </Tag>
                </Tooltip>
              ))}
            </div>
          </div>
        ))}
      </div>
    );
  return (
    <div data-testid="permission-checklist">
      {groupPermissions(catalogue).map((g) => (
        <div key={g.group} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{label(`admin.permGroup.${g.group}`, g.group)}</Typography.Text>
          <Row gutter={[8, 2]}>
            {g.permissions.map((p) => {
              const lacking = !held.has(p);
              const box = (
                <Checkbox checked={value.includes(p)} disabled={lacking} onChange={(e) => toggle(p, e.target.checked)} data-testid={`perm-${p}`}>
                  <span title={p}>{label(`admin.perm.${p}`, p)}</span>
                </Checkbox>
              );
              return (
                <Col key={p} xs={24} md={12}>
                  {lacking ? <Tooltip title={t('admin.roles.notHeld')}>{box}</Tooltip> : box}
                </Col>
              );
            })}
          </Row>
        </div>
      ))}
    </div>
  );
}
