// The reference for our tfjs manifest reader: TensorFlow.js's own tf.io.decodeWeights.
// Prints one line per weight: name, element count, sum, sum of magnitudes, first and last value.
// Usage: node tfjs_reference.js NODE_MODULES MANIFEST...
const path = require('path');
const fs = require('fs');
const modules = process.argv[2];
const tf = require(path.join(modules, '@tensorflow/tfjs-core'));
require(path.join(modules, '@tensorflow/tfjs-backend-cpu'));

for (const manifestPath of process.argv.slice(3)) {
  const manifest = JSON.parse(fs.readFileSync(manifestPath));
  for (const group of manifest) {
    const data = Buffer.concat(group.paths.map(p => fs.readFileSync(path.join(path.dirname(manifestPath), p))));
    const tensors = tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), group.weights);
    for (const name of Object.keys(tensors)) {
      const v = tensors[name].dataSync();
      let sum = 0, magnitude = 0;
      for (const x of v) { sum += x; magnitude += Math.abs(x); }
      console.log([name, v.length, sum, magnitude, v[0], v[v.length - 1]].join(' '));
    }
  }
}
