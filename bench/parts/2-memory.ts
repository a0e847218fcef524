/**
 * Part 2: `--memory-items` notifications, peak memory (RSS) of a fresh n8n process per
 * variant, two runs each (the second starts from the heap the first left).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SandboxClient } from '../../sandbox/client';
import { startLocalN8n } from '../../scripts/n8n/local';
import { execute, log, peakRss, stats } from '../measure';
import type { BenchPart } from '../part';
import { benchWorkflow, customAuthCredential, variants } from '../variants';
import type { VariantName } from '../variants';

const COMPARED: VariantName[] = ['ovice node', 'HTTP Request + credential'];

export const memory: BenchPart = {
	number: '2',
	title: 'peak memory of a fresh n8n per variant',
	usesSharedN8n: false,
	async run({ options }) {
		const { memoryItems, runs } = options;
		log(`${memoryItems} items: peak memory of a fresh n8n process per variant`);
		const measured: Record<string, unknown> = {};
		for (const name of COMPARED) {
			// A fresh n8n for each variant, so neither starts from a heap the other grew.
			const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-memory-'));
			const fresh = await startLocalN8n({
				userFolder: folder,
				port: 5702,
				sandboxPort: 4032,
				log: () => undefined,
			});
			try {
				const target = variants(fresh, await customAuthCredential(fresh.api))[name];
				const id = (
					await fresh.api.createWorkflow(benchWorkflow(`bench memory ${name}`, memoryItems, target))
				).id;
				const peaks: number[] = [];
				const growth: number[] = [];
				for (let run = 0; run < Math.min(runs, 2); run++) {
					await new SandboxClient(fresh.sandbox.url).reset();
					const { baselineMb, peakMb } = await peakRss(fresh.server.process.pid!, () =>
						execute(fresh, id),
					);
					peaks.push(peakMb);
					growth.push(peakMb - baselineMb);
					log(`  ${name} run ${run + 1}: baseline ${baselineMb} MB, peak ${peakMb} MB`);
				}
				measured[name] = { peakRssMb: stats(peaks), growthMb: stats(growth) };
			} finally {
				await fresh.stop();
				rmSync(folder, { recursive: true, force: true });
			}
		}
		return { memory: { items: memoryItems, freshProcessPerVariant: true, variants: measured } };
	},
};
