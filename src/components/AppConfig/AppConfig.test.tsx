import React from 'react';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { of } from 'rxjs';

import type { AppSettings } from '../../services/appSettings';
import { testIds } from '../../services/testIds';
import AppConfig from './AppConfig';

const fetchMock = jest.fn((_: unknown) => of({ data: {} }));
const reload = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
  locationService: { reload: () => reload() },
  DataSourcePicker: ({ current, onChange }: { current: string; onChange: (ds: { uid: string }) => void }) => (
    <button onClick={() => onChange({ uid: 'serverless-prod' })}>picked {current}</button>
  ),
}));

function renderConfig(jsonData: AppSettings) {
  const meta = {
    id: 'seed-serverless-app',
    enabled: true,
    pinned: true,
    jsonData,
  } as unknown as AppPluginMeta<AppSettings>;
  const props = { plugin: { meta }, query: {} } as unknown as PluginConfigPageProps<AppPluginMeta<AppSettings>>;
  render(<AppConfig {...props} />);
}

describe('AppConfig', () => {
  beforeEach(() => {
    fetchMock.mockClear();
    reload.mockClear();
  });

  it('defaults to the provisioned demo data source', () => {
    renderConfig({});
    expect(screen.getByText('picked serverless-demo')).toBeInTheDocument();
  });

  it('saves the chosen data source and keeps the app enabled', async () => {
    renderConfig({ datasourceUid: 'serverless-demo' });
    fireEvent.click(screen.getByText('picked serverless-demo'));
    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(fetchMock).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/plugins/seed-serverless-app/settings',
        method: 'POST',
        data: { enabled: true, pinned: true, jsonData: { datasourceUid: 'serverless-prod' } },
      })
    );
  });
});
