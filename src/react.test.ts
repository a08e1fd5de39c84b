import React from 'react';

// jest.react19.config.js maps react to React 19 (Grafana 13); this proves the mapping took effect.
it('renders with the React the run was configured for', () => {
  const expectedMajor = process.env.EXPECTED_REACT_MAJOR ?? '18';
  expect(React.version.split('.')[0]).toBe(expectedMajor);
});
