/** Part 5: the packed package's size, and the time to require every node and credential. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_ROOT } from '../../scripts/n8n/install-package';
import { log, stats } from '../measure';
import type { BenchPart } from '../part';

export const packageFigures: BenchPart = {
	number: '5',
	title: 'package',
	usesSharedN8n: false,
	async run({ options }) {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: PACKAGE_ROOT,
				encoding: 'utf8',
			}),
		) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
		const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((file) =>
			join(PACKAGE_ROOT, file),
		);
		const script = `const t=process.hrtime.bigint();for(const f of ${JSON.stringify(files)})require(f);console.log(Number(process.hrtime.bigint()-t)/1e6)`;
		const loads: number[] = [];
		for (let run = 0; run < options.runs; run++)
			loads.push(
				Number(
					execFileSync(process.execPath, ['-e', script], {
						cwd: PACKAGE_ROOT,
						encoding: 'utf8',
					}).trim(),
				),
			);
		const figures = {
			tarballBytes: packed[0].size,
			unpackedBytes: packed[0].unpackedSize,
			files: packed[0].entryCount,
			loadAllModulesMs: stats(loads),
		};
		log(`  ${JSON.stringify(figures)}`);
		return { package: figures };
	},
};
