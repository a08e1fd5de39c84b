import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { ConfigEditor, type ConfigEditorProps } from './ConfigEditor';

function options(jsonData: ConfigEditorProps['options']['jsonData']) {
  return { id: 1, uid: 'ds', jsonData, secureJsonFields: {} } as unknown as ConfigEditorProps['options'];
}

describe('ConfigEditor', () => {
  it('shows demo mode when nothing is configured', () => {
    render(<ConfigEditor options={options({})} onOptionsChange={jest.fn()} />);
    expect(screen.getByLabelText('Demo estate')).toBeChecked();
    expect(screen.getByLabelText('AWS')).not.toBeChecked();
  });

  it('switches to AWS mode and keeps the other settings', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={options({ mode: 'demo', demoFunctions: 1000 })} onOptionsChange={onOptionsChange} />);
    fireEvent.click(screen.getByLabelText('AWS'));
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ jsonData: { mode: 'aws', demoFunctions: 1000 } })
    );
  });
});
