/**
 * Part 6: how often n8n evaluates the templated message per item in each variant. A separate
 * n8n runs with a counter preloaded (bench/count-expressions.ts), so the timed runs of the
 * other parts are untouched by it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startLocalN8n } from '../../scripts/n8n/local';
import { execute, log, round } from '../measure';
import type { BenchPart } from '../part';
import { benchWorkflow, customAuthCredential, variants } from '../variants';

export const evaluations: BenchPart = {
	number: '6',
	title: 'expression evaluations per item',
	usesSharedN8n: false,
	async run({ options }) {
		const { countItems } = options;
		log(`expression evaluations per item (${countItems} items, counted inside a separate n8n)`);
		const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-count-'));
		const counter = join(__dirname, '..', 'count-expressions.js');
		const counting = await startLocalN8n({
			userFolder: folder,
			port: 5706,
			sandboxPort: 4034,
			log: () => undefined,
			env: {
				NODE_OPTIONS: `--require ${counter}`,
				OVICE_BENCH_COUNT_FILE: join(folder, 'counts.json'),
			},
		});
		const perItem: Record<string, number> = {};
		try {
			// Every n8n process writes its own counts file; the total is their sum.
			const total = () =>
				readdirSync(folder)
					.filter((file) => file.startsWith('counts.json.'))
					.flatMap((file) =>
						Object.values(
							JSON.parse(readFileSync(join(folder, file), 'utf8') || '{}') as Record<
								string,
								number
							>,
						),
					)
					.reduce((sum, count) => sum + count, 0);
			const settled = async () => {
				for (let last = -1, now = total(); now !== last; last = now, now = total())
					await new Promise((resolve) => setTimeout(resolve, 500));
				return total();
			};
			const targets = variants(counting, await customAuthCredential(counting.api));
			for (const [name, target] of Object.entries(targets)) {
				const id = (
					await counting.api.createWorkflow(benchWorkflow(`count ${name}`, countItems, target))
				).id;
				const before = await settled();
				await execute(counting, id);
				perItem[name] = round(((await settled()) - before) / countItems);
				log(`  ${name}: ${perItem[name]} evaluations of the message expression per item`);
			}
		} finally {
			await counting.stop();
			rmSync(folder, { recursive: true, force: true });
		}
		return { evaluations: perItem };
	},
};
