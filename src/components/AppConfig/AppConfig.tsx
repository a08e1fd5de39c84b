import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker, getBackendSrv, locationService } from '@grafana/runtime';
import { Button, Field, FieldSet, useStyles2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { datasourceUidOf, type AppSettings } from '../../services/appSettings';
import { DATASOURCE_TYPE } from '../../services/plugin';
import { testIds } from '../../services/testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [datasourceUid, setDatasourceUid] = useState(datasourceUidOf(jsonData));
  const [saving, setSaving] = useState(false);

  const onSave = async () => {
    setSaving(true);
    try {
      await savePluginSettings(plugin.meta.id, { enabled, pinned, jsonData: { ...jsonData, datasourceUid } });
      locationService.reload();
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid={testIds.appConfig.container}>
      <FieldSet label="Data source" className={styles.fieldSet}>
        <Field
          label="Serverless data source"
          description="The data source every page reads from: the demo estate, or one connected to your AWS account."
        >
          <div data-testid={testIds.appConfig.datasourcePicker}>
            <DataSourcePicker
              pluginId={DATASOURCE_TYPE}
              current={datasourceUid}
              noDefault
              onChange={(ds) => setDatasourceUid(ds.uid)}
            />
          </div>
        </Field>
        <Button data-testid={testIds.appConfig.submit} onClick={onSave} disabled={saving}>
          Save settings
        </Button>
      </FieldSet>
    </div>
  );
};

export default AppConfig;

interface PluginSettingsUpdate {
  enabled?: boolean;
  pinned?: boolean;
  jsonData?: AppSettings;
}

export function savePluginSettings(pluginId: string, data: PluginSettingsUpdate): Promise<unknown> {
  return lastValueFrom(
    getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data, showErrorAlert: true })
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  fieldSet: css({ marginTop: theme.spacing(3) }),
});
