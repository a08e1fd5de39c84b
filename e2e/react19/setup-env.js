process.env.EXPECTED_REACT_MAJOR = '19';
