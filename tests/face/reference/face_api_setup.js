// What the face-api reference scripts share: face-api (its node-wasm build) on a chosen TensorFlow.js
// backend with its five models loaded from the npm package, and JPEG decoding with jpeg-js, a pure-JS
// decoder, so that the pixels do not depend on a native image library.
// Everything comes from the npm packages that scripts/setup.sh installs into scripts/node; nothing is
// fetched from the network.
const fs = require('fs');
const path = require('path');

const defaultModules = path.resolve(__dirname, '../../../scripts/node/node_modules');

// The npm folder these scripts use: --modules DIR on the command line, else scripts/node's.
function modulesFolder(args) {
  const at = args.indexOf('--modules');
  return at >= 0 ? path.resolve(args[at + 1]) : defaultModules;
}

function requireFrom(modules, name) {
  const where = path.join(modules, name);
  try {
    return require(where);
  } catch (error) {
    if (error.code === 'MODULE_NOT_FOUND') {
      throw new Error(`npm package ${name} not found in ${modules}: run scripts/setup.sh (it installs scripts/node)`);
    }
    throw error;
  }
}

// face-api on `backend` ('wasm' or 'cpu') with the detector, landmark and recognition models loaded.
// Returns {faceapi, tf, threads}; threads is the WASM backend's thread count (1 on the CPU backend,
// which runs on Node's main thread).
async function loadFaceApi(modules, backend = 'wasm') {
  const faceapi = requireFrom(modules, '@vladmandic/face-api/dist/face-api.node-wasm.js');
  const wasm = requireFrom(modules, '@tensorflow/tfjs-backend-wasm');
  const tf = faceapi.tf;
  // The .wasm binaries ship in the package's dist/; the trailing separator makes it a folder prefix.
  wasm.setWasmPaths(path.join(modules, '@tensorflow/tfjs-backend-wasm/dist') + path.sep);
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend '${backend}' failed to start`);
  await tf.ready();
  const models = path.join(modules, '@vladmandic/face-api/model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceLandmark68TinyNet.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  const threads = backend === 'wasm' ? wasm.getThreadsCount() : 1;
  return { faceapi, tf, threads };
}

// SSD-MobileNetV1 (minConfidence 0.5, maxResults 100), the 68-point landmark net and the recognition
// net on an image tensor: the analysis the reference data records and the JS benchmark times.
function detectSsd(faceapi, tensor) {
  return faceapi
    .detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 }))
    .withFaceLandmarks()
    .withFaceDescriptors();
}

// {width, height, rgb}: the file's pixels as jpeg-js decodes them, RGB bytes in row order.
function decodeJpeg(modules, file) {
  const jpeg = requireFrom(modules, 'jpeg-js');
  const { width, height, data } = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  if (data.length !== width * height * 3) {
    throw new Error(`${file}: jpeg-js gave ${data.length} bytes for ${width}x${height}, expected ${width * height * 3} (RGB)`);
  }
  return { width, height, rgb: data };
}

// The decoded image as face-api takes it: an int32 tensor [H, W, 3]. The caller disposes it.
function imageTensor(tf, image) {
  return tf.tensor3d(Int32Array.from(image.rgb), [image.height, image.width, 3], 'int32');
}

// The version field of an installed package's package.json.
function packageVersion(modules, name) {
  return JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'))).version;
}

// The six photos face-api ships for its demo, 1920 pixels wide.
function demoPhotos(modules) {
  return [1, 2, 3, 4, 5, 6].map(i => path.join(modules, '@vladmandic/face-api/demo', `sample${i}.jpg`));
}

module.exports = { modulesFolder, loadFaceApi, detectSsd, decodeJpeg, imageTensor, packageVersion, demoPhotos };
