// What `n8n-node build` (tsc, then a copy of every .svg, .png and __schema__ file) does not
// do: n8n looks an output schema up by the node's exact version, and the ovice node's
// versions 1 and 2 output the same items, so version 2 gets version 1's schemas. It runs
// after `n8n-node build` has copied them (npm run build), so the two never race, and it
// never overwrites: a schema written for version 2 in the source stays as written.
const { src, dest } = require('gulp');

function copyVersion2Schemas() {
	return src('nodes/Ovice/__schema__/v1.0.0/**/*.json').pipe(
		dest('dist/nodes/Ovice/__schema__/v2.0.0', { overwrite: false }),
	);
}

exports['build:assets'] = copyVersion2Schemas;
