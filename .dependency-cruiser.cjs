// The layers of cc-top (DEVELOPERS.md) as rules: data flows one way,
//   files, text -> otlp -> telemetry -> store -> report -> insights -> ui | commands
// with setup, doctor, statusline and the other commands beside it, and no cycles anywhere.
// `npm run lint` runs this; a back-edge or a cycle fails it.

/** A folder of src/ may import only from the folders listed for it (and from itself). */
const ALLOWED = {
  files: [],
  text: [],
  otlp: ['files', 'text'],
  telemetry: ['otlp', 'files', 'text'],
  store: ['telemetry', 'otlp', 'files', 'text'],
  report: ['store', 'telemetry', 'files', 'text'],
  insights: ['report', 'store', 'telemetry', 'files', 'text'],
  ui: ['insights', 'report', 'store', 'telemetry', 'files', 'text'],
  // /metrics for Prometheus: a sink reading the store; nothing below imports it.
  metricsEndpoint: ['report', 'store', 'telemetry', 'files', 'text'],
  // A sink beside the layers: forwarding takes the receiver's bytes (and telemetry's safe text
  // for what upstreams answer); nothing in the layers depends on it.
  forward: ['otlp', 'telemetry', 'files', 'text'],
  // A source beside the receiver: builds the same model from a team's Prometheus (only commands use it).
  prometheusSource: ['store', 'telemetry', 'files', 'text'],
  // Claude Code's transcripts, read into store changes (a source beside otlp).
  transcripts: ['store', 'telemetry', 'files', 'text'],
};

const layers = Object.keys(ALLOWED);
const forbidden = layers.map((layer) => ({
  name: `${layer}-imports-only-below`,
  comment: `src/${layer}/ may import only from ${ALLOWED[layer].length ? ALLOWED[layer].map((l) => `src/${l}/`).join(', ') : 'nothing else in src/'}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/${layer}/`, ...ALLOWED[layer].map((l) => `^src/${l}/`)],
  },
}));

module.exports = {
  forbidden: [
    ...forbidden,
    {
      name: 'no-cycles',
      comment: 'no module may depend on itself through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'nothing-imports-commands',
      comment: 'commands are the top: only src/cli.ts and other commands load them',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(cli|statuslineMain)\\.ts$', '^src/commands/'] },
      to: { path: '^src/commands/' },
    },
    {
      name: 'layers-never-import-beside',
      comment: 'the layers never reach into setup, doctor, statusline, the service or the commands beside them',
      severity: 'error',
      from: { path: `^src/(${layers.join('|')})/` },
      to: { path: '^src/(setup|doctor|statusline|userService|commands)/|^src/(cli|service|ingest|probe)\\.ts$' },
    },
    {
      name: 'statusline-stays-light',
      comment: 'Claude Code runs `cc-top statusline` on every refresh: it must not load Ink, React, gRPC, protobufjs, charts, cell measuring, or the store itself',
      severity: 'error',
      from: { path: '^src/(commands/statusline|statuslineMain)\\.ts$' },
      to: {
        reachable: true,
        path: ['node_modules/(ink|react|@grpc|protobufjs|asciichart|string-width|slice-ansi|cli-truncate|lowdb)/', '^src/(ui|otlp)/', '^src/store/(persistence|store|document)\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'], conditionNames: ['import', 'require', 'node', 'default'], exportsFields: ['exports'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
