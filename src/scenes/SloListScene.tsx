import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import {
  type DataFrame,
  formattedValueToString,
  getValueFormat,
  type GrafanaTheme2,
  LoadingState,
} from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { sceneGraph, SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, type Column, InteractiveTable, LoadingPlaceholder, Text, TextLink, useStyles2 } from '@grafana/ui';

import { type GrafanaHttp, type RuleState, ruleStates } from '../services/grafanaAlerting';
import { links } from '../services/links';
import { testIds } from '../services/testIds';
import { RuleStateBadge, worstState } from './AlertRulesScene';

export interface SloRow {
  slo: string;
  service: string;
  window: string;
  objective: number;
  sli: number;
  budgetRemaining: number;
  burnRate1h: number;
  /** Seconds; null while the budget is not burning. */
  timeToExhaustion: number | null;
  alertState: RuleState;
}

interface SloListState extends SceneObjectState {
  /** Each SLO's burn-rate rule states, by SLO name. */
  alertStates?: Map<string, RuleState>;
  alertError?: string;
}

/** The rows of the summary frame the back end sends (output "summary"). */
export function sloRows(frame: DataFrame | undefined, alertStates?: Map<string, RuleState>): SloRow[] {
  if (!frame) {
    return [];
  }
  const column = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
  const names = column('slo') as string[];
  return names.map((slo, i) => ({
    slo,
    service: column('service')[i],
    window: column('window')[i],
    objective: column('objective')[i],
    sli: column('sli')[i],
    budgetRemaining: column('budgetRemaining')[i],
    burnRate1h: column('burnRate1h')[i],
    timeToExhaustion: column('timeToExhaustion')[i] ?? null,
    alertState: alertStates?.get(slo) ?? 'not installed',
  }));
}

const format = (unit: string, value: number, decimals: number) =>
  formattedValueToString(getValueFormat(unit)(value, decimals));

/**
 * Every SLO of the data source: SLI against its objective, budget left, burn rate, time to
 * exhaustion and the state of its alert rules, worst budget first. Reads the summary query of its
 * $data and Grafana's rule states.
 */
export class SloListScene extends SceneObjectBase<SloListState> {
  static Component = SloListRenderer;

  constructor(
    state: Partial<SloListState> = {},
    private readonly http: GrafanaHttp = getBackendSrv()
  ) {
    super(state);
    this.addActivationHandler(() => {
      this.loadAlertStates();
    });
  }

  async loadAlertStates() {
    try {
      const states = await ruleStates(this.http);
      const bySlo = new Map<string, RuleState[]>();
      for (const status of states.values()) {
        const slo = status.labels.slo;
        if (slo) {
          bySlo.set(slo, [...(bySlo.get(slo) ?? []), status.state]);
        }
      }
      this.setState({ alertStates: new Map([...bySlo].map(([slo, s]) => [slo, worstState(s)])) });
    } catch (error) {
      this.setState({ alertError: `Alert states are unavailable: ${(error as Error)?.message ?? error}` });
    }
  }
}

function SloListRenderer({ model }: SceneComponentProps<SloListScene>) {
  const { alertStates, alertError } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const styles = useStyles2(getStyles);
  const rows = useMemo(
    () => sloRows(data?.series[0], alertStates).sort((a, b) => a.budgetRemaining - b.budgetRemaining),
    [data, alertStates]
  );
  const columns = useMemo<Array<Column<SloRow>>>(
    () => [
      {
        id: 'slo',
        header: 'SLO',
        cell: ({ row }) => <TextLink href={links.sloPage(row.original.slo)}>{row.original.slo}</TextLink>,
      },
      { id: 'service', header: 'Service' },
      { id: 'window', header: 'Window' },
      { id: 'objective', header: 'Objective', cell: ({ row }) => format('percentunit', row.original.objective, 2) },
      {
        id: 'sli',
        header: 'SLI',
        cell: ({ row }) => (
          <Text color={row.original.sli < row.original.objective ? 'error' : 'success'}>
            {format('percentunit', row.original.sli, 3)}
          </Text>
        ),
      },
      {
        id: 'budgetRemaining',
        header: 'Budget left',
        cell: ({ row }) => {
          const left = row.original.budgetRemaining;
          return (
            <Text color={left <= 0 ? 'error' : left < 0.25 ? 'warning' : 'success'}>
              {format('percentunit', left, 1)}
            </Text>
          );
        },
      },
      { id: 'burnRate1h', header: 'Burn rate (1h)', cell: ({ row }) => `${row.original.burnRate1h.toFixed(2)}x` },
      {
        id: 'timeToExhaustion',
        header: 'Budget runs out in',
        cell: ({ row }) =>
          row.original.budgetRemaining <= 0
            ? 'exhausted'
            : row.original.timeToExhaustion === null
              ? 'not burning'
              : format('s', row.original.timeToExhaustion, 0),
      },
      { id: 'alertState', header: 'Alerts', cell: ({ row }) => <RuleStateBadge state={row.original.alertState} /> },
    ],
    []
  );

  if (!data || data.state === LoadingState.Loading) {
    return <LoadingPlaceholder text="Reading the SLOs…" />;
  }
  if (data.state === LoadingState.Error) {
    return (
      <Alert severity="error" title="Could not read the SLOs">
        {data.errors?.map((e) => e.message).join('; ')}
      </Alert>
    );
  }
  return (
    <div className={styles.container} data-testid={testIds.slos.container}>
      {alertError && <Alert severity="warning" title={alertError} />}
      {rows.length === 0 ? (
        <Text color="secondary">
          No SLOs yet. Define them in the data source&apos;s settings (jsonData.slos) or with the serverless-slo
          command; the demo data source has four.
        </Text>
      ) : (
        <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.slo} />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), width: '100%' }),
});
