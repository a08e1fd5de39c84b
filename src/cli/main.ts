import { type Command, type Dependencies, EXIT_ERROR, EXIT_OK, type Io, parseCommandArgs, UsageError } from './command';
import { CliError } from './files';
import { generateCommand } from './generate';
import { exportCommand, importCommand } from './openSloCommands';
import { statusCommand } from './status';
import { validateCommand } from './validate';

const commands: Command[] = [validateCommand, generateCommand, importCommand, exportCommand, statusCommand];

const usage = `Usage: serverless-slo <command> [options] <files…>

SLOs as code for the Serverless app: specs in JSON or YAML, as the data source's jsonData holds them.

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Run serverless-slo <command> --help for a command's options. From a clone of the plugin, after
npm ci: npx serverless-slo <command> … or npm run slo -- <command> …`;

const realDependencies: Dependencies = {
  now: () => new Date(),
  // Loaded only for status: the AWS SDK is large and no other command needs it.
  metricReader: async (options) => (await import('./cloudwatchReader')).cloudWatchReader(options),
};

/** Runs the CLI and returns its exit code. */
export async function run(argv: string[], io: Io, deps: Dependencies = realDependencies): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const command = commands.find((c) => c.name === rest[0]);
    io.out(`${command ? command.help : usage}\n`);
    return name === undefined ? EXIT_ERROR : EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`serverless-slo: "${name}" is not a command\n\n${usage}\n`);
    return EXIT_ERROR;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.out(`${command.help}\n`);
      return EXIT_OK;
    }
    return await command.run(args, io, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(
        `serverless-slo ${command.name}: ${e.message}\nRun serverless-slo ${command.name} --help for its usage.\n`
      );
      return EXIT_ERROR;
    }
    if (e instanceof CliError) {
      io.err(`serverless-slo ${command.name}: ${e.message}\n`);
      return EXIT_ERROR;
    }
    throw e;
  }
}

/** The bin's entry point. */
export function main(): void {
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`serverless-slo: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT_ERROR;
    }
  );
}
