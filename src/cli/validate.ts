import { type Command, EXIT_ERROR, EXIT_OK, plural, requireFiles } from './command';
import { loadSpecs } from './specFiles';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check SLO spec files and name every wrong field',
  help: `Usage: serverless-slo validate <files…>

Checks SLO specs and reports every invalid one with its file, line, place in the file, name and
the field that is wrong. A file may hold one spec, a list of specs, a data source's jsonData
({ slos: [...] }) or a data source provisioning file whose jsonData.slos holds them; JSON or YAML
(several YAML documents separated by --- are read one by one). Names must be unique across all the
files, as they are within one data source.

Exits 0 when every spec is valid, 1 otherwise.

Example:
  serverless-slo validate slos/*.yaml provisioning/datasources/serverless.yaml`,
  options: {},
  async run(args, io) {
    const files = requireFiles(args, 'spec');
    const { valid, problems, found } = loadSpecs(files);
    problems.forEach((p) => io.out(`${p}\n`));
    if (problems.length > 0) {
      io.out(`${plural(problems.length, 'problem')}; ${valid.length} of ${plural(found, 'SLO spec')} valid\n`);
      return EXIT_ERROR;
    }
    io.out(`${plural(found, 'SLO spec')} valid in ${plural(files.length, 'file')}\n`);
    return EXIT_OK;
  },
};
