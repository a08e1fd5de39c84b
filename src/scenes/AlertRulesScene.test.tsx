import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';

import { testIds } from '../services/testIds';
import { FakeGrafana } from '../test/fakeGrafana';
import { AlertRulesScene, worstState } from './AlertRulesScene';

function renderRules(grafana: FakeGrafana, slo?: string) {
  const scene = new AlertRulesScene({ datasourceUid: 'serverless-demo', slo }, grafana);
  render(<scene.Component model={scene} />);
  return scene;
}

describe('the alert rules the app provides', () => {
  // The demo's four SLOs have four burn-rate tiers each; eight operational rules join them.
  it('lists every rule as not installed on a fresh Grafana, then installs them all', async () => {
    const grafana = new FakeGrafana();
    renderRules(grafana);
    expect(await screen.findByText('24 of 24 rules are not installed.')).toBeInTheDocument();

    await act(async () => fireEvent.click(screen.getByTestId(testIds.alerts.install)));
    expect(await screen.findByText('Created 24, updated 0 and left 0 unchanged rules.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('24 rules.')).toBeInTheDocument());
    expect(screen.getAllByText('normal')).toHaveLength(24);
  });

  it('shows the state Grafana evaluates, and only the SLO asked for', async () => {
    const grafana = new FakeGrafana();
    renderRules(grafana);
    await screen.findByText('24 of 24 rules are not installed.');
    await act(async () => fireEvent.click(screen.getByTestId(testIds.alerts.install)));
    await screen.findByText('24 rules.');
    grafana.states.set('booking-latency: burning 13.44x over 1h', 'firing');

    document.body.innerHTML = '';
    renderRules(grafana, 'booking-latency');
    expect(await screen.findByText('booking-latency: burning 13.44x over 1h')).toBeInTheDocument();
    expect(screen.getByText('4 rules.')).toBeInTheDocument();
    expect(screen.getByText('firing')).toBeInTheDocument();
    expect(screen.queryByText(/Messages in a dead-letter queue/)).not.toBeInTheDocument();
  });

  it('says why rules cannot be installed, and installs nothing', async () => {
    const grafana = new FakeGrafana();
    renderRules(grafana);
    await screen.findByText('24 of 24 rules are not installed.');
    grafana.failWith = { status: 403, data: { message: 'You do not have permission to create alert rules' } } as never;
    await act(async () => fireEvent.click(screen.getByTestId(testIds.alerts.install)));
    expect(
      await screen.findByText('Could not install the rules: You do not have permission to create alert rules')
    ).toBeInTheDocument();
    expect(grafana.rules.size).toBe(0);
  });

  it('reports the worst state of an SLO rules', () => {
    expect(worstState(['inactive', 'pending', 'firing'])).toBe('firing');
    expect(worstState(['inactive', 'not installed'])).toBe('inactive');
    expect(worstState([])).toBe('not installed');
  });
});
