import { FieldType, toDataFrame } from '@grafana/data';

/** A summary frame as the back end sends it (slo query, output summary): one SLO burnt, one healthy. */
export const sloSummaryFrame = toDataFrame({
  fields: [
    { name: 'slo', type: FieldType.string, values: ['checkout-availability', 'booking-availability'] },
    { name: 'service', type: FieldType.string, values: ['payments', 'booking'] },
    { name: 'window', type: FieldType.string, values: ['rolling 30d', 'rolling 28d'] },
    { name: 'objective', type: FieldType.number, values: [0.995, 0.995] },
    { name: 'sli', type: FieldType.number, values: [0.9991, 0.9712] },
    { name: 'budgetRemaining', type: FieldType.number, values: [0.82, -4.76] },
    { name: 'burnRate1h', type: FieldType.number, values: [0.4, 17.2] },
    { name: 'timeToExhaustion', type: FieldType.number, values: [null, 0] },
  ],
});
