/** What a part of the benchmark is, and what the runner hands it. */
import type { LocalN8n } from '../scripts/n8n/local';
import type { VariantName } from './variants';

export interface BenchOptions {
	runs: number;
	items: number;
	memoryItems: number;
	rate: number;
	rateItems: number;
	presenceUsers: number;
	countItems: number;
	scaleExecutions: number;
	scaleRuns: number;
	gateWindowS: number;
}

/** The n8n parts 1, 3 and 7 share, with the workflows they compare. */
export interface SharedN8n {
	local: LocalN8n;
	targets: Record<VariantName, Record<string, unknown>>;
}

export interface BenchContext {
	options: BenchOptions;
	/** the shared n8n, started on first use */
	sharedN8n(): Promise<SharedN8n>;
	/** stops the shared n8n, so what follows has the machine to itself */
	stopSharedN8n(): Promise<void>;
}

export interface BenchPart {
	/** `--parts` selects by this: "1" … "9" */
	number: string;
	title: string;
	/** whether it runs in the shared n8n; before any other part, the shared n8n is stopped */
	usesSharedN8n: boolean;
	/** the figures, by the key they get in bench/results.json */
	run(context: BenchContext): Promise<Record<string, unknown>>;
}
