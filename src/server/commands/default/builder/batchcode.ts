/**
 * `batchcode <file>` (Evennia's name): run a build file from the game directory (batch/), which
 * builds or updates an area and can be run again without making anything twice;
 * `batchcode/dry <file>` lists what it would change and changes nothing. A build file is game
 * code running in the Server, so this is for Developers.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { isWaystoneError } from '../../../../shared/errors.ts';
import type { BuildChange, BuildReport } from '../../../batch/build-world.ts';
import { BuilderCommand } from './builder-command.ts';

/** Lines of changes shown; the counts always cover everything. */
const MAX_LINES = 50;

const MARKS: Record<BuildChange['action'], string> = {
  create: '+',
  update: '~',
  same: '=',
  step: '*',
};

export class CmdBatchCode extends BuilderCommand {
  override key = 'batchcode';
  override aliases = ['batchcodes'];
  override locks = 'cmd:perm(Developer)';
  override help = `
    Run a build file: TypeScript in the game directory that builds or updates an area.

    Usage:
      batchcode <file>        run it (e.g. batchcode world/build.ts, or world.build)
      batchcode/dry <file>    list what it would change; change nothing

    A build file finds its rooms and things again by their build tags, and exits by
    their names, so running it again changes only what differs from the file and makes
    nothing twice. Every run is rehearsed first: a file with a bad step changes nothing.
    Lines: + made, ~ changed, * a step of the file's own.
  `;

  async func(): Promise<void> {
    const unknown = this.switches.find((s) => !['dry', 'dryrun'].includes(s.toLowerCase()));
    if (unknown !== undefined) {
      this.msg(`Unknown switch /${neutralise(unknown)}. Use batchcode/dry to see changes first.`);
      return;
    }
    const path = this.args.trim();
    if (path === '') {
      this.msg(
        'Usage: batchcode[/dry] <file>  (a path in the game directory, e.g. world/build.ts)',
      );
      return;
    }
    const dryRun = this.switches.length > 0;
    let report: BuildReport & { file: string };
    try {
      report = await this.services.builds.runFile(path, { dryRun });
    } catch (err) {
      if (isWaystoneError(err, 'BUILD_FILE') || isWaystoneError(err, 'BUILD_INVALID')) {
        this.msg(neutralise(err.message));
        return;
      }
      throw err;
    }
    this.msg(formatReport(report));
  }
}

export function formatReport(report: BuildReport & { file: string }): string {
  const shown = report.changes.filter((c) => c.action !== 'same');
  const lines = shown
    .slice(0, MAX_LINES)
    .map(
      (c) =>
        `  ${MARKS[c.action]} ${neutralise(c.what)}${c.details.length > 0 ? `: ${neutralise(c.details.join(', '))}` : ''}`,
    );
  if (shown.length > MAX_LINES) lines.push(`  … and ${shown.length - MAX_LINES} more.`);
  for (const note of report.notes) lines.push(`  Note: ${neutralise(note)}`);
  const file = neutralise(report.file);
  const counts = report.dryRun
    ? `would create ${report.created}, change ${report.updated}; ${report.unchanged} as the file says already`
    : `created ${report.created}, changed ${report.updated}; ${report.unchanged} as the file says already`;
  const title = report.dryRun
    ? `|wDry run of ${file}|n (nothing was changed): ${counts}.`
    : `|wRan ${file}|n: ${counts}.`;
  return [title, ...lines].join('\n');
}
