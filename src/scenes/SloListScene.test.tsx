import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { getDefaultTimeRange, LoadingState, type PanelData } from '@grafana/data';
import { SceneDataNode, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';

import { FakeGrafana } from '../test/fakeGrafana';
import { sloSummaryFrame } from '../test/sloSummary';
import { SloListScene } from './SloListScene';

function renderList(data: Partial<PanelData>, grafana = new FakeGrafana()) {
  const list = new SloListScene({}, grafana);
  const layout = new SceneFlexLayout({
    children: [
      new SceneFlexItem({
        $data: new SceneDataNode({
          data: { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange(), ...data },
        }),
        body: list,
      }),
    ],
  });
  // Grafana renders app pages inside its router; TextLink needs one.
  render(
    <MemoryRouter>
      <layout.Component model={layout} />
    </MemoryRouter>
  );
}

describe('the SLO list', () => {
  it('puts the most burnt budget first, links each SLO to its page and shows its alert state', async () => {
    const grafana = new FakeGrafana();
    grafana.rules.set('p', {
      title: 'booking-availability: burning 13.44x over 1h',
      labels: { slo: 'booking-availability' },
    });
    grafana.states.set('booking-availability: burning 13.44x over 1h', 'firing');
    renderList({ series: [sloSummaryFrame] }, grafana);

    const rows = await screen.findAllByRole('row');
    const first = within(rows[1]);
    expect(first.getByRole('link', { name: 'booking-availability' })).toHaveAttribute(
      'href',
      '/a/seed-serverless-app/slo?var-slo=booking-availability'
    );
    expect(first.getByText('97.120%')).toBeInTheDocument();
    expect(first.getByText('-476.0%')).toBeInTheDocument();
    expect(first.getByText('17.20x')).toBeInTheDocument();
    expect(first.getByText('exhausted')).toBeInTheDocument();
    expect(await first.findByText('firing')).toBeInTheDocument();

    const second = within(rows[2]);
    expect(second.getByText('checkout-availability')).toBeInTheDocument();
    expect(second.getByText('not burning')).toBeInTheDocument();
    expect(second.getByText('not installed')).toBeInTheDocument();
  });

  it('says how to add SLOs when there are none', () => {
    renderList({ series: [] });
    expect(screen.getByText(/No SLOs yet/)).toBeInTheDocument();
  });

  it('shows the error of the data source where the list would be', () => {
    renderList({ state: LoadingState.Error, errors: [{ message: 'slo "x" is not defined on this data source' }] });
    expect(screen.getByText('slo "x" is not defined on this data source')).toBeInTheDocument();
  });
});
