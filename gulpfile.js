// Copies what tsc does not emit into dist/: the icons, each node's codex (.node.json) and
// the output schemas n8n shows before a node has run (__schema__/v<version>/...).
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src('icons/*.svg', { encoding: false }).pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

function copySchemas() {
	return src('nodes/**/__schema__/**/*.json').pipe(dest('dist/nodes'));
}

// The ovice node's versions 1 and 2 output the same items; n8n looks a schema up by the
// exact version, so version 2 gets a copy of version 1's.
function copyVersion2Schemas() {
	return src('nodes/Ovice/__schema__/v1.0.0/**/*.json').pipe(
		dest('dist/nodes/Ovice/__schema__/v2.0.0'),
	);
}

exports['build:assets'] = parallel(copyIcons, copyCodex, copySchemas, copyVersion2Schemas);
