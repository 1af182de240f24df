// Writes what face-api (1.7.15, TensorFlow.js on its WASM backend) finds on its six demo photos: the
// conformance data our libtorch ports of its models are checked against
// (tests/face/data/face_api_reference.json).
//
// Usage: node face_api_reference.js [--only sample1.jpg] [--out FILE.json] [--modules NODE_MODULES]
//   --only     one demo photo instead of all six (the ctest check runs one to stay fast)
//   --out      where to write; default tests/face/data/face_api_reference.json
//   --modules  the npm folder; default scripts/node/node_modules
//
// Per photo, face-api's own output order and values, in pixels of the full image:
//   ssd:  SSD-MobileNetV1 (minConfidence 0.5, maxResults 100) + the 68-point landmark net + the
//         recognition net: score, box [x, y, w, h], 68 landmarks [x, y], aligned_box, 128-d descriptor
//   tiny: the tiny detector (inputSize 416, scoreThreshold 0.5) + the tiny 68-point landmark net
// Floats are rounded to 6 significant digits. pixel_sum (all decoded RGB bytes) pins the pixels.
const fs = require('fs');
const path = require('path');
const setup = require('./face_api_setup.js');

const usage = 'usage: node face_api_reference.js [--only sample1.jpg] [--out FILE.json] [--modules NODE_MODULES]';
const defaultOut = path.resolve(__dirname, '../data/face_api_reference.json');

function parseArgs(args) {
  const options = { only: null, out: defaultOut };
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (!['--only', '--out', '--modules'].includes(name)) throw new Error(`unknown argument '${name}'\n${usage}`);
    if (value === undefined) throw new Error(`${name} needs a value\n${usage}`);
    if (name === '--only') options.only = value;
    if (name === '--out') options.out = path.resolve(value);
  }
  return options;
}

const round = x => Number(x.toPrecision(6));
const boxOf = box => [box.x, box.y, box.width, box.height].map(round);
const pointsOf = landmarks => landmarks.positions.map(p => [round(p.x), round(p.y)]);

async function analyze(faceapi, tensor) {
  const ssd = await setup.detectSsd(faceapi, tensor);
  const tiny = await faceapi
    .detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }))
    .withFaceLandmarks(true);
  return {
    ssd: ssd.map(face => ({
      score: round(face.detection.score),
      box: boxOf(face.detection.box),
      landmarks: pointsOf(face.landmarks),
      aligned_box: boxOf(face.alignedRect.box),
      descriptor: Array.from(face.descriptor, round),
    })),
    tiny: tiny.map(face => ({
      score: round(face.detection.score),
      box: boxOf(face.detection.box),
      landmarks: pointsOf(face.landmarks),
    })),
  };
}

// Pretty JSON with every array of numbers (a box, a point, a descriptor, the 68 points) kept on one
// line: one field per line, so that a change in the data shows as a readable diff.
function layout(value, indent = '') {
  const flat = v => typeof v === 'number' || (Array.isArray(v) && v.every(flat));
  if (typeof value !== 'object' || value === null || flat(value)) return JSON.stringify(value);
  const inner = indent + ' ';
  const items = Array.isArray(value)
    ? value.map(v => inner + layout(v, inner))
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner)}`);
  if (items.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

async function main() {
  const args = process.argv.slice(2);
  const options = parseArgs(args);
  const modules = setup.modulesFolder(args);
  let photos = setup.demoPhotos(modules);
  if (options.only !== null) {
    photos = photos.filter(p => path.basename(p) === options.only);
    if (photos.length === 0) throw new Error(`--only ${options.only}: not a demo photo, expected one of sample1.jpg .. sample6.jpg`);
  }
  const { faceapi, tf } = await setup.loadFaceApi(modules, 'wasm');
  const report = {
    generator: 'tests/face/reference/face_api_reference.js',
    face_api: faceapi.version,
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    decoder: `jpeg-js ${setup.packageVersion(modules, 'jpeg-js')}`,
    photos: [],
  };
  for (const file of photos) {
    const image = setup.decodeJpeg(modules, file);
    const tensor = setup.imageTensor(tf, image);
    const faces = await analyze(faceapi, tensor);
    tf.dispose(tensor);
    const pixelSum = image.rgb.reduce((sum, byte) => sum + byte, 0);
    report.photos.push({ file: path.basename(file), width: image.width, height: image.height, pixel_sum: pixelSum, ...faces });
    console.error(`${path.basename(file)}: ${faces.ssd.length} faces (ssd), ${faces.tiny.length} (tiny)`);
  }
  // Written beside the target and renamed, so that a failed run leaves no half-written file.
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const partial = `${options.out}.partial`;
  fs.writeFileSync(partial, layout(report) + '\n');
  fs.renameSync(partial, options.out);
}

main().catch(error => {
  console.error(`face_api_reference.js: ${error.message}`);
  process.exit(1);
});
