// face-api's own speed, the JavaScript side of the face-analysis comparison: SSD-MobileNetV1 detection,
// the 68-point landmarks and the 128-d descriptors of every face, per photo, on TensorFlow.js's WASM
// backend (or its plain JS CPU backend with --backend cpu). The analysis is the one the reference data
// records (tests/face/reference/face_api_setup.js, detectSsd).
//
// Usage: node face_api_js_bench.js PHOTO.jpg... [--iterations N] [--backend wasm|cpu] [--modules NODE_MODULES]
// Models load once and one untimed analysis of the first photo warms the backend up; decoding (jpeg-js)
// is not timed. Prints one JSON object on stdout:
//   {"backend": "wasm", "threads": T, "photos": [{"file": ..., "faces": F, "ms": [...]}], "median_ms": M}
// where median_ms is the median over every timed analysis of every photo.
const path = require('path');
const { performance } = require('perf_hooks');
const setup = require(path.join(__dirname, '../tests/face/reference/face_api_setup.js'));

const usage = 'usage: node face_api_js_bench.js PHOTO.jpg... [--iterations N] [--backend wasm|cpu] [--modules NODE_MODULES]';

function parseArgs(args) {
  const options = { photos: [], iterations: 5, backend: 'wasm' };
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith('--')) {
      options.photos.push(args[i]);
      continue;
    }
    const [name, value] = [args[i], args[++i]];
    if (value === undefined) throw new Error(`${name} needs a value\n${usage}`);
    if (name === '--iterations') {
      options.iterations = Number(value);
      if (!Number.isInteger(options.iterations) || options.iterations < 1) {
        throw new Error(`--iterations ${value}: expected a whole number of at least 1`);
      }
    } else if (name === '--backend') {
      if (!['wasm', 'cpu'].includes(value)) throw new Error(`--backend ${value}: expected wasm or cpu`);
      options.backend = value;
    } else if (name !== '--modules') {
      throw new Error(`unknown argument '${name}'\n${usage}`);
    }
  }
  if (options.photos.length === 0) throw new Error(`no photos given\n${usage}`);
  return options;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  const args = process.argv.slice(2);
  const options = parseArgs(args);
  const modules = setup.modulesFolder(args);
  // Decoded before the models load, so that a bad photo fails fast.
  const images = options.photos.map(file => ({ file, image: setup.decodeJpeg(modules, file) }));
  const { faceapi, tf, threads } = await setup.loadFaceApi(modules, options.backend);
  const tensors = images.map(({ image }) => setup.imageTensor(tf, image));
  await setup.detectSsd(faceapi, tensors[0]);
  const photos = [];
  for (const [i, { file }] of images.entries()) {
    const ms = [];
    let faces = 0;
    for (let k = 0; k < options.iterations; k++) {
      const start = performance.now();
      // face-api reads every box, point and descriptor back before it resolves, so the time
      // includes all the work the backend queued.
      faces = (await setup.detectSsd(faceapi, tensors[i])).length;
      ms.push(Number((performance.now() - start).toFixed(3)));
    }
    photos.push({ file: path.basename(file), faces, ms });
  }
  tf.dispose(tensors);
  const report = { backend: tf.getBackend(), threads, photos, median_ms: Number(median(photos.flatMap(p => p.ms)).toFixed(3)) };
  console.log(JSON.stringify(report));
}

main().catch(error => {
  console.error(`face_api_js_bench.js: ${error.message}`);
  process.exit(1);
});
