// Writes the RGB bytes jpeg-js decodes from a JPEG (row order, no header: the size is the JPEG's), so
// that a test can compare the pixels face-api's reference saw with those of the SDK's decoder.
// Usage: node dump_pixels.js FILE.jpg OUT.rgb [--modules NODE_MODULES]
const fs = require('fs');
const setup = require('./face_api_setup.js');

try {
  const [file, out] = process.argv.slice(2);
  if (file === undefined || out === undefined || file.startsWith('--') || out.startsWith('--')) {
    throw new Error('usage: node dump_pixels.js FILE.jpg OUT.rgb [--modules NODE_MODULES]');
  }
  const image = setup.decodeJpeg(setup.modulesFolder(process.argv), file);
  fs.writeFileSync(out, image.rgb);
  console.log(`${file}: ${image.width}x${image.height} RGB, ${image.rgb.length} bytes to ${out}`);
} catch (error) {
  console.error(`dump_pixels.js: ${error.message}`);
  process.exit(1);
}
