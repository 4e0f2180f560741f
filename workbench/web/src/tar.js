// The pack as one POSIX tar file (ustar), so that saving it is one download and any tar
// unpacks it into the folder layout `mandate` reads.
const encoder = new TextEncoder();

function header(path, size) {
  const block = new Uint8Array(512);
  const put = (text, at, width) => block.set(encoder.encode(text).slice(0, width), at);
  // ustar holds a path of more than 100 bytes as a prefix (up to 155) and a name, split at a
  // `/`; a path that cannot be split so is refused rather than cut short.
  let prefix = "";
  let name = path;
  if (encoder.encode(path).length > 100) {
    const cut = path.lastIndexOf("/", 155);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (cut < 0 || encoder.encode(prefix).length > 155 || encoder.encode(name).length > 100) {
      throw new Error(`${path}: too long a path for a tar file`);
    }
  }
  put(name, 0, 100);
  put(prefix, 345, 155);
  put("0000644\0", 100, 8);
  put("0000000\0", 108, 8);
  put("0000000\0", 116, 8);
  put(size.toString(8).padStart(11, "0") + "\0", 124, 12);
  put("00000000000\0", 136, 12);
  put("        ", 148, 8);
  put("0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return block;
}

export function tarFile(files) {
  const parts = [];
  for (const [path, text] of Object.entries(files)) {
    const body = encoder.encode(text);
    parts.push(header(`pack/${path}`, body.length), body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return new Blob(parts, { type: "application/x-tar" });
}
