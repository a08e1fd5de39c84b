import React from 'react';
import { EventBusSrv, type PluginMeta, PluginContextProvider } from '@grafana/data';
import { setAppEvents } from '@grafana/runtime';
import { fireEvent, render, screen } from '@testing-library/react';

import { testIds } from '../../services/testIds';
import { ConfigEditor, type ConfigEditorProps, regionsProblem } from './ConfigEditor';

function options(jsonData: ConfigEditorProps['options']['jsonData']) {
  return {
    id: 1,
    uid: 'ds',
    jsonData,
    secureJsonFields: {},
    secureJsonData: {},
  } as unknown as ConfigEditorProps['options'];
}

describe('ConfigEditor', () => {
  // Grafana provides its event bus; ConnectionConfig reports "Save & test" results on it.
  beforeAll(() => setAppEvents(new EventBusSrv()));

  it('shows demo mode, without AWS settings, when nothing is configured', () => {
    render(<ConfigEditor options={options({})} onOptionsChange={jest.fn()} />);
    expect(screen.getByLabelText('Demo estate')).toBeChecked();
    expect(screen.queryByTestId(testIds.datasourceConfig.awsConnection)).not.toBeInTheDocument();
  });

  it('switches to AWS mode and keeps the other settings', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={options({ mode: 'demo', demoFunctions: 1000 })} onOptionsChange={onOptionsChange} />);
    fireEvent.click(screen.getByLabelText('AWS'));
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ jsonData: { mode: 'aws', demoFunctions: 1000 } })
    );
  });

  it('shows the AWS connection settings in AWS mode', () => {
    // Grafana renders config editors inside their plugin's context, which ConnectionConfig reads.
    const meta = { id: 'seed-serverless-datasource', info: { version: '1.0.0' } } as PluginMeta;
    render(
      <PluginContextProvider meta={meta}>
        <ConfigEditor options={options({ mode: 'aws' })} onOptionsChange={jest.fn()} />
      </PluginContextProvider>
    );
    const connection = screen.getByTestId(testIds.datasourceConfig.awsConnection);
    expect(connection).toHaveTextContent('Authentication Provider');
    expect(connection).toHaveTextContent('Default Region');
  });
});

describe('ConfigEditor settings of each mode', () => {
  beforeAll(() => setAppEvents(new EventBusSrv()));
  const meta = { id: 'seed-serverless-datasource', info: { version: '1.0.0' } } as PluginMeta;

  it('lists the regions to watch in AWS mode and names the ones that are not regions', () => {
    render(
      <PluginContextProvider meta={meta}>
        <ConfigEditor
          options={options({ mode: 'aws', regions: ['eu-west-1', 'europe'] })}
          onOptionsChange={jest.fn()}
        />
      </PluginContextProvider>
    );
    expect(screen.getByTestId(testIds.datasourceConfig.regions)).toHaveTextContent('eu-west-1');
    expect(screen.getByText('Not AWS region names: europe (for example eu-west-1)')).toBeInTheDocument();
  });

  it('scales the demo estate, and says when the number is out of range', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={options({ demoFunctions: 25000 })} onOptionsChange={onOptionsChange} />);
    expect(screen.getByText('Must be a whole number from 0 to 20000')).toBeInTheDocument();
    const input = screen.getByTestId(testIds.datasourceConfig.demoFunctions);
    fireEvent.blur(input, { target: { value: '1000' } });
    expect(onOptionsChange).toHaveBeenCalledWith(expect.objectContaining({ jsonData: { demoFunctions: 1000 } }));
  });
});

describe('region names', () => {
  it('accepts what AWS names regions and nothing else', () => {
    expect(regionsProblem(['us-east-1', 'us-gov-west-1', 'ap-southeast-4', 'eu-central-2'])).toBeUndefined();
    expect(regionsProblem(['US-EAST-1', 'us-east', 'eu-west-1 '])).toContain('US-EAST-1, us-east, eu-west-1 ');
  });
});
