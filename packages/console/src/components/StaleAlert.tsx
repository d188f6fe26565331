import { Alert, Button } from 'antd';

/**
 * The warning a detail page shows when a save was refused because someone else changed the record
 * meanwhile (409), with the button that reloads it. Test ids `<testIdPrefix>-stale` and
 * `<testIdPrefix>-reload`.
 */
export function StaleAlert({ title, reloadLabel, onReload, testIdPrefix }: { title: string; reloadLabel: string; onReload: () => void; testIdPrefix: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid={`${testIdPrefix}-stale`}
      title={title}
      action={
        <Button size="small" onClick={onReload} data-testid={`${testIdPrefix}-reload`}>
          {reloadLabel}
        </Button>
      }
    />
  );
}
